using Skinner.Envs.MinAtar;

namespace Skinner.Tests;

public class PyListTests
{
    [Fact]
    public void ReversedSurvivesRemovingTheCurrentItem()
    {
        int[] a = [1], b = [2], c = [3];
        var list = new List<int[]> { a, b, c };
        var seen = new List<int>();
        foreach (var v in PyList.Reversed(list))
        {
            seen.Add(v[0]);
            PyList.Remove(list, v);
        }
        Assert.Equal([3, 2, 1], seen);
        Assert.Empty(list);
    }

    [Fact]
    public void ReversedRechecksIndicesAsPythonDoes()
    {
        // Python: L = [a, b, c]; for v in reversed(L): if v is c: L.remove(a)  visits c, c, b
        // (removing an earlier item shifts c down into the next index).
        int[] a = [1], b = [2], c = [3];
        var list = new List<int[]> { a, b, c };
        var seen = new List<int>();
        foreach (var v in PyList.Reversed(list))
        {
            seen.Add(v[0]);
            if (seen.Count == 1) PyList.Remove(list, a);
        }
        Assert.Equal([3, 3, 2], seen);
    }

    [Fact]
    public void RemoveTakesTheFirstEqualItemNotTheSameObject()
    {
        int[] first = [4, 5, 1], second = [4, 5, 1];
        var list = new List<int[]> { first, second };
        PyList.Remove(list, second);
        Assert.Same(second, Assert.Single(list));
    }

    [Fact]
    public void RemoveOfAMissingItemFails()
    {
        var list = new List<int[]> { new[] { 1, 2 } };
        Assert.Throws<InvalidOperationException>(() => PyList.Remove(list, [2, 1]));
    }
}
