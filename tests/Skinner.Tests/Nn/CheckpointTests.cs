using System.Buffers.Binary;
using System.Text;
using Skinner.Nn;
using Skinner.Nn.Optimizers;
using Skinner.Nn.Serialization;
using Skinner.Tensors;

namespace Skinner.Tests.Nn;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("skinner-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static void Train(Module m, Optimizer opt, int steps, int seed)
    {
        var rng = new Random(seed);
        for (int s = 0; s < steps; s++)
        {
            foreach (var p in m.Parameters())
            {
                var g = Tensor.Zeros(p.Shape);
                for (int i = 0; i < g.Numel; i++) g.Data[i] = (float)(rng.NextDouble() - 0.5);
                p.Grad = g;
            }
            opt.Step();
        }
    }

    [Fact]
    public void ResumingFromACheckpointContinuesExactly()
    {
        var a = TensorListModule.Small(1);
        var optA = new Adam(a.Parameters(), new AdamOptions { LearningRate = 0.01, AmsGrad = true });
        Train(a, optA, 3, seed: 7);
        string path = PathOf("run.safetensors");
        Checkpoint.Save(path, a, optA, new Dictionary<string, string> { ["env"] = "CartPole-v1" });

        var b = TensorListModule.Small(99);
        var optB = new Adam(b.Parameters(), new AdamOptions { LearningRate = 0.01, AmsGrad = true });
        var meta = Checkpoint.Load(path, b, optB);
        Assert.Equal("CartPole-v1", meta["env"]);
        Assert.Equal(a.Snapshot(), b.Snapshot());
        Train(a, optA, 2, seed: 8);
        Train(b, optB, 2, seed: 8);
        Assert.Equal(a.Snapshot(), b.Snapshot());
        Assert.Equal(optA.StepCount(0), optB.StepCount(0));
    }

    [Fact]
    public void ModuleTensorsKeepTheirPlainNames()
    {
        var m = TensorListModule.Small(1);
        var opt = new Sgd(m.Parameters(), new SgdOptions { LearningRate = 0.1, Momentum = 0.9 });
        Train(m, opt, 1, seed: 1);
        string path = PathOf("names.safetensors");
        Checkpoint.Save(path, m, opt);
        var file = SafeTensors.Load(path);
        Assert.Equal(["layer.weight", "layer.bias", "norm.running_mean", "optimizer.0.momentum_buffer", "optimizer.1.momentum_buffer"], file.Tensors.Keys);
        Assert.Equal("sgd", file.Metadata["skinner.optimizer.kind"]);
        Assert.Equal("1,1", file.Metadata["skinner.optimizer.steps"]);
        Assert.Equal(Checkpoint.Format, file.Metadata["skinner.format"]);
    }

    [Fact]
    public void WeightsLoadWithoutTheOptimizer()
    {
        var a = TensorListModule.Small(1);
        var opt = new Adam(a.Parameters());
        Train(a, opt, 1, seed: 1);
        string path = PathOf("w.safetensors");
        Checkpoint.Save(path, a, opt);
        var b = TensorListModule.Small(2);
        Checkpoint.Load(path, b);
        Assert.Equal(a.Snapshot(), b.Snapshot());
    }

    private void AssertRejected(string path, Module module, Optimizer? opt, string expected)
    {
        var before = ((TensorListModule)module).Snapshot();
        var steps = opt is null ? [] : Enumerable.Range(0, opt.Parameters.Count).Select(opt.StepCount).ToArray();
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, module, opt));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal(before, ((TensorListModule)module).Snapshot());
        if (opt is not null) Assert.Equal(steps, Enumerable.Range(0, opt.Parameters.Count).Select(opt.StepCount).ToArray());
    }

    [Fact]
    public void MissingTensorsAndWrongShapesAreNamedAndNothingLoads()
    {
        string path = PathOf("small.safetensors");
        Checkpoint.Save(path, TensorListModule.Small(1));
        var bigger = new TensorListModule([("layer.weight", Tensor.Zeros(3, 2)), ("layer.bias", Tensor.Zeros(3)), ("head.weight", Tensor.Zeros(1, 3))], [("norm.running_mean", Tensor.Zeros(3))]);
        AssertRejected(path, bigger, null, "missing tensor 'head.weight'");
        var wider = new TensorListModule([("layer.weight", Tensor.Zeros(4, 2)), ("layer.bias", Tensor.Zeros(3))], [("norm.running_mean", Tensor.Zeros(3))]);
        AssertRejected(path, wider, null, "'layer.weight' has shape [3, 2] in the file but [4, 2]");
    }

    [Fact]
    public void UnexpectedTensorsAreErrorsUnlessAllowed()
    {
        string path = PathOf("small.safetensors");
        Checkpoint.Save(path, TensorListModule.Small(1));
        var smaller = new TensorListModule([("layer.weight", Tensor.Zeros(3, 2))]);
        AssertRejected(path, smaller, null, "unexpected tensor 'layer.bias'");
        Checkpoint.Load(path, smaller, allowUnexpected: true);
        Assert.Equal(TensorListModule.Small(1).Snapshot()[0], smaller.Snapshot()[0]);
    }

    [Fact]
    public void OptimizerStateThatDoesNotFitLeavesTheModuleUnchanged()
    {
        var a = TensorListModule.Small(1);
        var adam = new Adam(a.Parameters());
        Train(a, adam, 2, seed: 3);
        string path = PathOf("adam.safetensors");
        Checkpoint.Save(path, a, adam);
        var b = TensorListModule.Small(2);
        // The module part fits; the optimizer part does not, so nothing at all is loaded.
        AssertRejected(path, b, new RmsProp(b.Parameters()), "'adam'");
        AssertRejected(path, b, new Adam(b.Parameters(), new AdamOptions { AmsGrad = true }), "max_exp_avg_sq");
    }

    [Fact]
    public void AskingForOptimizerStateThatWasNotSavedSaysSo()
    {
        string path = PathOf("weights.safetensors");
        Checkpoint.Save(path, TensorListModule.Small(1));
        var b = TensorListModule.Small(2);
        AssertRejected(path, b, new Adam(b.Parameters()), "holds no state for optimizer");
    }

    [Fact]
    public void TruncatedAndCorruptFilesLeaveTheModuleUnchanged()
    {
        string path = PathOf("t.safetensors");
        Checkpoint.Save(path, TensorListModule.Small(1));
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^5]);
        AssertRejected(path, TensorListModule.Small(2), null, "truncated");

        int n = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        byte[] badJson = (byte[])bytes.Clone();
        badJson[Array.IndexOf(bytes, (byte)':', 8)] = (byte)'#';
        File.WriteAllBytes(path, badJson);
        AssertRejected(path, TensorListModule.Small(2), null, "not valid JSON");

        byte[] badLength = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(badLength, (ulong)bytes.Length);
        File.WriteAllBytes(path, badLength);
        AssertRejected(path, TensorListModule.Small(2), null, "header length");

        string header = Encoding.UTF8.GetString(bytes, 8, n);
        string shifted = header.Replace("\"data_offsets\":[0,24]", "\"data_offsets\":[0,2400]", StringComparison.Ordinal);
        Assert.NotEqual(header, shifted);
        var h = Encoding.UTF8.GetBytes(shifted);
        var outOfRange = new byte[8 + h.Length + bytes.Length - 8 - n];
        BinaryPrimitives.WriteUInt64LittleEndian(outOfRange, (ulong)h.Length);
        h.CopyTo(outOfRange, 8);
        bytes.AsSpan(8 + n).CopyTo(outOfRange.AsSpan(8 + h.Length));
        File.WriteAllBytes(path, outOfRange);
        AssertRejected(path, TensorListModule.Small(2), null, "data_offsets [0, 2400]");
    }

    [Fact]
    public void SeveralNamedModulesAndOptimizersShareOneFile()
    {
        var actor = TensorListModule.Small(1);
        var critic = TensorListModule.Small(2);
        var actorOpt = new Adam(actor.Parameters());
        var criticOpt = new Sgd(critic.Parameters(), new SgdOptions { LearningRate = 0.1, Momentum = 0.5 });
        Train(actor, actorOpt, 2, seed: 1);
        Train(critic, criticOpt, 3, seed: 2);
        string path = PathOf("ac.safetensors");
        Checkpoint.Save(path, [("actor", actor), ("critic", critic)], [("actor", actorOpt), ("critic", criticOpt)]);

        var actor2 = TensorListModule.Small(3);
        var critic2 = TensorListModule.Small(4);
        var actorOpt2 = new Adam(actor2.Parameters());
        var criticOpt2 = new Sgd(critic2.Parameters(), new SgdOptions { LearningRate = 0.1, Momentum = 0.5 });
        Checkpoint.Load(path, [("actor", actor2), ("critic", critic2)], [("actor", actorOpt2), ("critic", criticOpt2)]);
        Assert.Equal(actor.Snapshot(), actor2.Snapshot());
        Assert.Equal(critic.Snapshot(), critic2.Snapshot());
        Assert.Equal(3, criticOpt2.StepCount(0));
        Assert.Contains("actor.layer.weight", SafeTensors.Load(path).Tensors.Keys);
    }

    [Fact]
    public void ASequentialNetworkRoundTripsUnderPyTorchNames()
    {
        var a = new Sequential(new Linear(3, 4, new Rng(1)), new Tanh(), new Linear(4, 2, new Rng(2)));
        var b = new Sequential(new Linear(3, 4, new Rng(3)), new Tanh(), new Linear(4, 2, new Rng(4)));
        string path = PathOf("mlp.safetensors");
        Checkpoint.Save(path, a);
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], SafeTensors.Load(path).Tensors.Keys);
        Checkpoint.Load(path, b);
        foreach (var ((_, ta), (_, tb)) in a.StateDict().Zip(b.StateDict())) Assert.Equal(ta.Data, tb.Data);
    }

    [Fact]
    public void ReservedMetadataKeysAreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Checkpoint.Save(PathOf("r.safetensors"), TensorListModule.Small(1), null, new Dictionary<string, string> { ["skinner.format"] = "x" }));
        Assert.Contains("reserved", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("r.safetensors")));
    }
}
