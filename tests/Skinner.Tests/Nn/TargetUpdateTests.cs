using Skinner.Nn;
using Skinner.Tensors;

namespace Skinner.Tests.Nn;

public class TargetUpdateTests
{
    [Fact]
    public void HardCopyCopiesParametersAndBuffers()
    {
        var source = TensorListModule.Small(1);
        var target = TensorListModule.Small(2);
        TargetUpdate.HardCopy(source, target);
        Assert.Equal(source.Snapshot(), target.Snapshot());
        // A copy, not shared storage.
        source.StateDict()[0].Tensor.Data[0] += 1;
        Assert.NotEqual(source.Snapshot()[0][0], target.Snapshot()[0][0]);
    }

    [Fact]
    public void PolyakBlendsParametersAndCopiesBuffers()
    {
        var source = TensorListModule.Small(1);
        var target = TensorListModule.Small(2);
        var s = source.Snapshot();
        var t = target.Snapshot();
        TargetUpdate.Polyak(source, target, 0.25);
        var after = target.Snapshot();
        for (int k = 0; k < 2; k++)
        {
            for (int i = 0; i < s[k].Length; i++) Assert.Equal(0.25 * s[k][i] + 0.75 * t[k][i], after[k][i], 6);
        }
        Assert.Equal(s[2], after[2]); // the running-statistics buffer
    }

    [Fact]
    public void PolyakWithTauOneIsAHardCopyAndZeroChangesNothing()
    {
        var source = TensorListModule.Small(1);
        var target = TensorListModule.Small(2);
        var before = target.Snapshot();
        TargetUpdate.Polyak(source, target, 0);
        Assert.Equal(before[..2], target.Snapshot()[..2]);
        TargetUpdate.Polyak(source, target, 1);
        Assert.Equal(source.Snapshot(), target.Snapshot());
    }

    [Fact]
    public void PolyakOnLongVectorsMatchesTheFormula()
    {
        for (int n = 1; n <= 40; n++)
        {
            var sv = Enumerable.Range(0, n).Select(i => (float)Math.Sin(i)).ToArray();
            var tv = Enumerable.Range(0, n).Select(i => (float)Math.Cos(i)).ToArray();
            var source = new TensorListModule([("w", new Tensor((float[])sv.Clone(), n))]);
            var target = new TensorListModule([("w", new Tensor((float[])tv.Clone(), n))]);
            TargetUpdate.Polyak(source, target, 0.005);
            var got = target.Snapshot()[0];
            for (int i = 0; i < n; i++) Assert.Equal(MathF.FusedMultiplyAdd(sv[i], 0.005f, tv[i] * 0.995f), got[i]);
        }
    }

    [Fact]
    public void MismatchedNetworksAreRejectedAndTheTargetIsUnchanged()
    {
        var source = TensorListModule.Small(1);
        var wrongShape = new TensorListModule([("layer.weight", Tensor.Zeros(3, 2)), ("layer.bias", Tensor.Zeros(4))], [("norm.running_mean", Tensor.Zeros(3))]);
        var e = Assert.Throws<ArgumentException>(() => TargetUpdate.HardCopy(source, wrongShape));
        Assert.Contains("layer.bias", e.Message, StringComparison.Ordinal);
        Assert.All(wrongShape.Snapshot(), a => Assert.All(a, v => Assert.Equal(0f, v)));

        var missing = new TensorListModule([("layer.weight", Tensor.Zeros(3, 2))], [("norm.running_mean", Tensor.Zeros(3))]);
        Assert.Contains("layer.bias", Assert.Throws<ArgumentException>(() => TargetUpdate.Polyak(source, missing, 0.5)).Message, StringComparison.Ordinal);
        var extra = new TensorListModule([("layer.weight", Tensor.Zeros(3, 2)), ("layer.bias", Tensor.Zeros(3)), ("head", Tensor.Zeros(1))], [("norm.running_mean", Tensor.Zeros(3))]);
        Assert.Contains("head", Assert.Throws<ArgumentException>(() => TargetUpdate.HardCopy(source, extra)).Message, StringComparison.Ordinal);
        Assert.All(extra.Snapshot(), a => Assert.All(a, v => Assert.Equal(0f, v)));
    }

    [Fact]
    public void RejectsTauOutsideTheUnitInterval()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => TargetUpdate.Polyak(TensorListModule.Small(1), TensorListModule.Small(2), 1.5));
        Assert.Equal("tau", e.ParamName);
    }
}
