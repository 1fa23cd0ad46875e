using System.Numerics;
using System.Runtime.CompilerServices;
using Skinner.Tensors;

namespace Skinner.Nn.Optimizers;

/// <summary>
/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay, in
/// PyTorch 1.13's order: d = g + wd·p; with momentum, buf = d on the parameter's first step, else
/// buf = momentum·buf + (1 − dampening)·d, then d = d + momentum·buf (Nesterov) or d = buf; p ← p − lr·d.
/// State: <c>momentum_buffer</c> (only with momentum).
/// </summary>
public sealed class Sgd : Optimizer
{
    private const string Buffer = "momentum_buffer";
    private static readonly string[] s_withMomentum = [Buffer];

    /// <summary>Creates the optimizer over <paramref name="parameters"/>; the options are validated here.</summary>
    public Sgd(IEnumerable<Tensor> parameters, SgdOptions options)
        : base("sgd", parameters, Checked(options).LearningRate)
    {
        Options = options;
    }

    /// <summary>The hyperparameters (the learning rate in effect is <see cref="Optimizer.LearningRate"/>).</summary>
    public SgdOptions Options { get; }

    /// <inheritdoc />
    public override IReadOnlyList<string> StateNames => Options.Momentum != 0 ? s_withMomentum : [];

    /// <inheritdoc />
    protected override void Update(int index, int offset, Span<float> param, ReadOnlySpan<float> grad, long step)
    {
        var o = Options;
        bool momentum = o.Momentum != 0;
        bool fresh = momentum && !TryGetState(index, Buffer, out _);
        var rule = new Rule
        {
            NegLr = (float)-LearningRate,
            WeightDecay = (float)o.WeightDecay,
            Momentum = (float)o.Momentum,
            OneMinusDampening = (float)(1 - o.Dampening),
            UseMomentum = momentum,
            Fresh = fresh,
            Nesterov = o.Nesterov,
        };
        Span<float> buffer = momentum ? State(index, Buffer).AsSpan(offset, param.Length) : [];
        ElementwiseUpdate.Run(rule, param, grad, buffer, [], []);
    }

    private static SgdOptions Checked(SgdOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }

    private readonly struct Rule : IUpdateRule
    {
        public float NegLr { get; init; }
        public float WeightDecay { get; init; }
        public float Momentum { get; init; }
        public float OneMinusDampening { get; init; }
        public bool UseMomentum { get; init; }
        public bool Fresh { get; init; }
        public bool Nesterov { get; init; }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref Vector<float> p, Vector<float> g, ref Vector<float> buf, ref Vector<float> s1, ref Vector<float> s2)
        {
            // PyTorch's vectorised add with alpha is a fused multiply-add; using it everywhere keeps the
            // rounding of torch.optim.SGD.
            var d = WeightDecay != 0 ? Vector.FusedMultiplyAdd(p, new Vector<float>(WeightDecay), g) : g;
            if (UseMomentum)
            {
                // The buffer starts as a copy of the first gradient, not as zeros.
                buf = Fresh ? d : Vector.FusedMultiplyAdd(d, new Vector<float>(OneMinusDampening), buf * Momentum);
                d = Nesterov ? Vector.FusedMultiplyAdd(buf, new Vector<float>(Momentum), d) : buf;
            }
            p = Vector.FusedMultiplyAdd(d, new Vector<float>(NegLr), p);
        }
    }
}
