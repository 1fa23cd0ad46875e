namespace Skinner.Envs.MinAtar;

/// <summary>Python list semantics that MinAtar's games depend on, for lists of int lists.</summary>
internal static class PyList
{
    /// <summary>
    /// <c>for v in reversed(list)</c>: walks indices down from the end and re-checks the length before each
    /// item, so the body may remove the current item (or others) as Python allows.
    /// </summary>
    public static IEnumerable<int[]> Reversed(List<int[]> list)
    {
        int i = list.Count - 1;
        while (i >= 0 && i < list.Count)
        {
            var v = list[i];
            i--;
            yield return v;
        }
    }

    /// <summary><c>list.remove(v)</c>: deletes the first element equal to <paramref name="value"/> field by field.</summary>
    public static void Remove(List<int[]> list, int[] value)
    {
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i].AsSpan().SequenceEqual(value))
            {
                list.RemoveAt(i);
                return;
            }
        }
        throw new InvalidOperationException("list.remove(x): x not in list.");
    }
}
