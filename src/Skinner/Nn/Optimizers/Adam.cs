using System.Numerics;
using System.Runtime.CompilerServices;
using Skinner.Tensors;

namespace Skinner.Nn.Optimizers;

/// <summary>
/// Adam (Kingma and Ba), optionally AMSGrad, with L2 weight decay added to the gradient, in PyTorch 1.13's
/// order: g += wd·p; m = β1·m + (1 − β1)·g; v = β2·v + (1 − β2)·g²; (AMSGrad: v̂ = max(v̂, v) replaces v);
/// p ← p − lr/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + eps).
/// State: <c>exp_avg</c>, <c>exp_avg_sq</c>, and <c>max_exp_avg_sq</c> with AMSGrad.
/// </summary>
public sealed class Adam : Optimizer
{
    private static readonly string[] s_plain = ["exp_avg", "exp_avg_sq"];
    private static readonly string[] s_amsGrad = ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"];

    /// <summary>Creates the optimizer; <paramref name="options"/> defaults to PyTorch's (lr 1e-3, betas 0.9/0.999, eps 1e-8).</summary>
    public Adam(IEnumerable<Tensor> parameters, AdamOptions? options = null)
        : base("adam", parameters, Checked(options ??= new AdamOptions()).LearningRate)
    {
        Options = options;
    }

    /// <summary>The hyperparameters (the learning rate in effect is <see cref="Optimizer.LearningRate"/>).</summary>
    public AdamOptions Options { get; }

    /// <inheritdoc />
    public override IReadOnlyList<string> StateNames => Options.AmsGrad ? s_amsGrad : s_plain;

    /// <inheritdoc />
    protected override void Update(int index, int offset, Span<float> param, ReadOnlySpan<float> grad, long step)
    {
        var o = Options;
        // Bias corrections in double, then rounded to float once, as PyTorch does with Python scalars.
        double bias1 = 1 - Math.Pow(o.Beta1, step);
        double bias2 = 1 - Math.Pow(o.Beta2, step);
        var rule = new Rule
        {
            WeightDecay = (float)o.WeightDecay,
            Beta1 = (float)o.Beta1,
            OneMinusBeta1 = (float)(1 - o.Beta1),
            Beta2 = (float)o.Beta2,
            OneMinusBeta2 = (float)(1 - o.Beta2),
            InvBias2Sqrt = (float)(1 / Math.Sqrt(bias2)),
            NegStepSize = (float)(-LearningRate / bias1),
            Eps = (float)o.Eps,
            AmsGrad = o.AmsGrad,
        };
        int n = param.Length;
        Span<float> max = o.AmsGrad ? State(index, "max_exp_avg_sq").AsSpan(offset, n) : [];
        ElementwiseUpdate.Run(rule, param, grad, State(index, "exp_avg").AsSpan(offset, n), State(index, "exp_avg_sq").AsSpan(offset, n), max);
    }

    private static AdamOptions Checked(AdamOptions options)
    {
        options.Validate();
        return options;
    }

    private readonly struct Rule : IUpdateRule
    {
        public float WeightDecay { get; init; }
        public float Beta1 { get; init; }
        public float OneMinusBeta1 { get; init; }
        public float Beta2 { get; init; }
        public float OneMinusBeta2 { get; init; }
        public float InvBias2Sqrt { get; init; }
        public float NegStepSize { get; init; }
        public float Eps { get; init; }
        public bool AmsGrad { get; init; }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref Vector<float> p, Vector<float> g, ref Vector<float> m, ref Vector<float> v, ref Vector<float> vMax)
        {
            if (WeightDecay != 0) g = Vector.FusedMultiplyAdd(p, new Vector<float>(WeightDecay), g);
            m = Vector.FusedMultiplyAdd(g, new Vector<float>(OneMinusBeta1), m * Beta1);
            v = v * Beta2 + OneMinusBeta2 * g * g;
            Vector<float> second = v;
            if (AmsGrad)
            {
                vMax = Vector.Max(vMax, v);
                second = vMax;
            }
            // A multiply by 1/√(1 − β2ᵗ) where PyTorch divides: within an ulp, and one division fewer per element.
            var denom = Vector.FusedMultiplyAdd(Vector.SquareRoot(second), new Vector<float>(InvBias2Sqrt), new Vector<float>(Eps));
            p += NegStepSize * m / denom;
        }
    }
}
