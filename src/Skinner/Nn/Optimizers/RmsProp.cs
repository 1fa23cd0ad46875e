using System.Numerics;
using System.Runtime.CompilerServices;
using Skinner.Tensors;

namespace Skinner.Nn.Optimizers;

/// <summary>
/// RMSprop in PyTorch 1.13's form: g += wd·p; s = α·s + (1 − α)·g²; centered: a = α·a + (1 − α)·g and
/// avg = √(s − a²) + eps, else avg = √s + eps (eps outside the root, unlike TensorFlow); with momentum,
/// buf = momentum·buf + g/avg and p ← p − lr·buf, else p ← p − lr·g/avg.
/// State: <c>square_avg</c>, <c>grad_avg</c> (centered), <c>momentum_buffer</c> (momentum &gt; 0; starts at zero).
/// </summary>
public sealed class RmsProp : Optimizer
{
    private readonly string[] _stateNames;

    /// <summary>Creates the optimizer; <paramref name="options"/> defaults to PyTorch's (lr 1e-2, alpha 0.99, eps 1e-8).</summary>
    public RmsProp(IEnumerable<Tensor> parameters, RmsPropOptions? options = null)
        : base("rmsprop", parameters, Checked(options ??= new RmsPropOptions()).LearningRate)
    {
        Options = options;
        _stateNames = [
            "square_avg",
            .. options.Centered ? (string[])["grad_avg"] : [],
            .. options.Momentum > 0 ? (string[])["momentum_buffer"] : [],
        ];
    }

    /// <summary>The hyperparameters (the learning rate in effect is <see cref="Optimizer.LearningRate"/>).</summary>
    public RmsPropOptions Options { get; }

    /// <inheritdoc />
    public override IReadOnlyList<string> StateNames => _stateNames;

    /// <inheritdoc />
    protected override void Update(int index, int offset, Span<float> param, ReadOnlySpan<float> grad, long step)
    {
        var o = Options;
        var rule = new Rule
        {
            WeightDecay = (float)o.WeightDecay,
            Alpha = (float)o.Alpha,
            OneMinusAlpha = (float)(1 - o.Alpha),
            Eps = (float)o.Eps,
            Momentum = (float)o.Momentum,
            NegLr = (float)-LearningRate,
            Centered = o.Centered,
            UseMomentum = o.Momentum > 0,
        };
        int n = param.Length;
        Span<float> gradAvg = o.Centered ? State(index, "grad_avg").AsSpan(offset, n) : [];
        Span<float> buffer = o.Momentum > 0 ? State(index, "momentum_buffer").AsSpan(offset, n) : [];
        ElementwiseUpdate.Run(rule, param, grad, State(index, "square_avg").AsSpan(offset, n), gradAvg, buffer);
    }

    private static RmsPropOptions Checked(RmsPropOptions options)
    {
        options.Validate();
        return options;
    }

    private readonly struct Rule : IUpdateRule
    {
        public float WeightDecay { get; init; }
        public float Alpha { get; init; }
        public float OneMinusAlpha { get; init; }
        public float Eps { get; init; }
        public float Momentum { get; init; }
        public float NegLr { get; init; }
        public bool Centered { get; init; }
        public bool UseMomentum { get; init; }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref Vector<float> p, Vector<float> g, ref Vector<float> s, ref Vector<float> a, ref Vector<float> buf)
        {
            if (WeightDecay != 0) g = Vector.FusedMultiplyAdd(p, new Vector<float>(WeightDecay), g);
            s = s * Alpha + OneMinusAlpha * g * g;
            Vector<float> avg;
            if (Centered)
            {
                a = Vector.FusedMultiplyAdd(g, new Vector<float>(OneMinusAlpha), a * Alpha);
                avg = Vector.SquareRoot(s - a * a) + new Vector<float>(Eps);
            }
            else
            {
                avg = Vector.SquareRoot(s) + new Vector<float>(Eps);
            }
            if (UseMomentum)
            {
                buf = buf * Momentum + g / avg;
                p = Vector.FusedMultiplyAdd(buf, new Vector<float>(NegLr), p);
            }
            else
            {
                p += NegLr * g / avg;
            }
        }
    }
}
