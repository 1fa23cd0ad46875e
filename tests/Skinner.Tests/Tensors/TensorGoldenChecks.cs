using System.Runtime.CompilerServices;
using System.Text.Json;
using Skinner.Nn;
using Skinner.Tensors;

namespace Skinner.Tests;

/// <summary>
/// Registers the engine's golden checks (elementwise, reductions, matmul, linear, gather, cat, losses) with
/// <see cref="NnGoldenOps"/>; <see cref="NnGoldenTests"/> runs them on every case.
/// </summary>
internal static class TensorGoldenChecks
{
    [ModuleInitializer]
    internal static void Register()
    {
        Binary("add", Tensor.Add);
        Binary("sub", Tensor.Sub);
        Binary("mul", Tensor.Mul);
        Binary("div", Tensor.Div);
        Unary("neg", (x, _) => x.Neg(), exact: true);
        Unary("exp", (x, _) => x.Exp());
        Unary("log", (x, _) => x.Log());
        Unary("sqrt", (x, _) => x.Sqrt());
        Unary("pow", (x, c) => x.Pow((float)c.AttrDouble("exponent")!.Value));
        Unary("relu", (x, _) => x.Relu(), exact: true);
        Unary("tanh", (x, _) => x.Tanh());
        Unary("sigmoid", (x, _) => x.Sigmoid());
        Unary("softplus", (x, c) => x.Softplus((float)(c.AttrDouble("beta") ?? 1), (float)(c.AttrDouble("threshold") ?? 20)));
        Unary("clamp", (x, c) => x.Clamp((float?)c.AttrDouble("min"), (float?)c.AttrDouble("max")), exact: true);
        Unary("abs", (x, _) => x.Abs(), exact: true);

        Unary("sum", (x, c) => c.AttrInt("dim") is { } d ? x.Sum(d, c.AttrBool("keepdim")) : x.Sum());
        Unary("mean", (x, c) => c.AttrInt("dim") is { } d ? x.Mean(d, c.AttrBool("keepdim")) : x.Mean());
        Unary("logsumexp", (x, c) => x.LogSumExp(c.AttrInt("dim")!.Value, c.AttrBool("keepdim")));
        Unary("log_softmax", (x, c) => x.LogSoftmax(c.AttrInt("dim")!.Value));
        Unary("softmax", (x, c) => x.Softmax(c.AttrInt("dim")!.Value));
        NnGoldenOps.Register("max", CheckMax);

        Binary("matmul", Tensor.MatMul);
        NnGoldenOps.Register("linear", e =>
        {
            var run = new GoldenRun(e);
            var bias = run.Case.AttrBool("bias") ? run["bias"] : null;
            run.Check(Tensor.Linear(run["x"], run["weight"], bias));
        });
        NnGoldenOps.Register("gather", e =>
        {
            var run = new GoldenRun(e);
            run.Check(run["x"].Gather(run.Case.AttrInt("dim")!.Value, run.Ints("index")), exactForward: true);
        });
        NnGoldenOps.Register("cat", e =>
        {
            var run = new GoldenRun(e);
            int n = run.Case.AttrInt("n_inputs")!.Value;
            var inputs = Enumerable.Range(0, n).Select(i => run["x" + i]).ToArray();
            run.Check(Tensor.Cat(inputs, run.Case.AttrInt("dim")!.Value), exactForward: true);
        });

        Loss("mse_loss", (i, t, c, r) => Losses.Mse(i, t, r));
        Loss("huber_loss", (i, t, c, r) => Losses.Huber(i, t, (float)c.AttrDouble("delta")!.Value, r));
        Loss("smooth_l1_loss", (i, t, c, r) => Losses.SmoothL1(i, t, (float)c.AttrDouble("beta")!.Value, r));
        NnGoldenOps.Register("cross_entropy", e =>
        {
            var run = new GoldenRun(e);
            run.Check(Losses.CrossEntropy(run["logits"], run.Ints("target"), ReductionOf(run.Case)));
        });
    }

    private static void Binary(string op, Func<Tensor, Tensor, Tensor> f) => NnGoldenOps.Register(op, e =>
    {
        var run = new GoldenRun(e);
        run.Check(f(run["a"], run["b"]));
    });

    private static void Unary(string op, Func<Tensor, GoldenCase, Tensor> f, bool exact = false) => NnGoldenOps.Register(op, e =>
    {
        var run = new GoldenRun(e);
        run.Check(f(run["x"], run.Case), exact);
    });

    private static void Loss(string op, Func<Tensor, Tensor, GoldenCase, Reduction, Tensor> f) => NnGoldenOps.Register(op, e =>
    {
        var run = new GoldenRun(e);
        run.Check(f(run["input"], run["target"], run.Case, ReductionOf(run.Case)));
    });

    private static Reduction ReductionOf(GoldenCase c) => c.AttrString("reduction") switch
    {
        "mean" or null => Reduction.Mean,
        "sum" => Reduction.Sum,
        "none" => Reduction.None,
        var other => throw new InvalidDataException($"Unknown reduction '{other}'."),
    };

    private static void CheckMax(JsonElement e)
    {
        var run = new GoldenRun(e);
        var (values, indices) = run["x"].Max(run.Case.AttrInt("dim")!.Value, run.Case.AttrBool("keepdim"));
        run.Case.CheckIntOutput("indices", indices.Data, indices.Shape);
        run.Check(values, exactForward: true);
    }
}
