using Skinner.Nn;
using Skinner.Nn.Distributions;
using Skinner.Tensors;

namespace Skinner.Agents.Common;

// Acting without tensors. An on-policy agent calls Step once per environment step, often on a single observation,
// where the network's arithmetic is a few microseconds and the two dozen tensor ops around it (each a fresh array,
// a shape and an autograd check) cost as much again. For the categorical and the state-independent Gaussian heads,
// Step runs here instead: the same kernels on the same lengths in the same order, so that the actions, log-
// probabilities and values are bit for bit those of the tensor ops (a test holds the two paths equal), written into
// buffers kept between calls. gSDE and the document's tanh-mean head take the tensor path.
public sealed partial class ActorCriticPolicy
{
    // Taken by the caller for the length of a call and put back after, so that concurrent callers never share one.
    private ActingBuffers? _acting;

    private bool ActsWithoutTensors => !Architecture.UseSde && _std is null;

    /// <summary>
    /// The value estimates V(s) of <paramref name="rows"/> observations (rows × <see cref="ObservationSize"/> values),
    /// without recording gradients: the same numbers as <see cref="Value"/>, computed without tensors.
    /// </summary>
    public float[] Values(float[] observations, int rows)
    {
        ArgumentNullException.ThrowIfNull(observations);
        CheckRows(observations, rows);
        var buffers = TakeBuffers(rows);
        var activation = Networks.Fused(Architecture.Activation);
        var values = ValueHead(Networks.TrunkInto(_shared ?? _criticTrunk!, activation, observations, rows, _shared is null ? buffers.Critic! : buffers.Actor), rows);
        Volatile.Write(ref _acting, buffers);
        return values;
    }

    // V(s) of each row from the critic's last features, as the value head's Linear computes it.
    private float[] ValueHead(ReadOnlySpan<float> features, int rows)
    {
        var values = new float[rows];
        Tensor.AffineInto(features, rows, _value.Weight, _value.Bias, Tensor.FusedActivation.None, values);
        return values;
    }

    private void CheckRows(float[] observations, int rows)
    {
        if (rows < 0 || (long)rows * ObservationSize > observations.Length)
            throw new ArgumentException($"{rows} rows of {ObservationSize} observation values need {(long)rows * ObservationSize}; got {observations.Length} values.", nameof(observations));
    }

    private ActingBuffers TakeBuffers(int rows)
    {
        var buffers = Interlocked.Exchange(ref _acting, null);
        return buffers is null || buffers.Rows != rows ? new ActingBuffers(this, rows) : buffers;
    }

    private PolicyStep StepWithoutTensors(ReadOnlySpan<float> observations, int rows, Rng rng, bool deterministic)
    {
        var buffers = TakeBuffers(rows);
        var step = Act(buffers, observations, rows, rng, deterministic);
        Volatile.Write(ref _acting, buffers);
        return step;
    }

    private PolicyStep Act(ActingBuffers b, ReadOnlySpan<float> observations, int rows, Rng rng, bool deterministic)
    {
        var activation = Networks.Fused(Architecture.Activation);
        var actorFeatures = Networks.TrunkInto(_shared ?? _actorTrunk!, activation, observations, rows, b.Actor);
        var criticFeatures = _shared is null ? Networks.TrunkInto(_criticTrunk!, activation, observations, rows, b.Critic!) : actorFeatures;
        var values = ValueHead(criticFeatures, rows);
        var head = b.Head.AsSpan();
        Tensor.AffineInto(actorFeatures, rows, _action.Weight, _action.Bias, Tensor.FusedActivation.None, head);
        int k = Actions;
        var logProbs = new float[rows];
        if (IsDiscrete)
        {
            // Categorical: log-softmax row by row, then the probabilities as one exponential pass over the batch.
            var logp = b.Scratch.AsSpan();
            for (int r = 0; r < rows; r++)
            {
                var x = head.Slice(r * k, k);
                var y = logp.Slice(r * k, k);
                float lse = Tensor.LaneLogSumExp(x, y);
                Elementwise.Binary<SubtractOperator>(x, lse, y);
            }
            var actions = new float[rows];
            if (deterministic)
            {
                for (int r = 0; r < rows; r++) actions[r] = Tensor.ArgMax(logp, r * k, k, 1, out _);
            }
            else
            {
                var probs = head; // the logits are no longer needed
                Elementwise.Unary<ExpOperator>(logp, probs);
                for (int r = 0; r < rows; r++) actions[r] = Categorical.SampleRow(probs.Slice(r * k, k), rng);
            }
            for (int r = 0; r < rows; r++) logProbs[r] = logp[r * k + (int)actions[r]];
            return new PolicyStep(actions, logProbs, values);
        }
        // Diagonal Gaussian with σ = exp(log_std): μ + σ·ε, and Σ_j (-½ z² - ln √(2π)) - ln σ_j with z = (a - μ) / σ.
        var std = b.Std.AsSpan();
        var logStd = b.LogStd.AsSpan();
        Elementwise.Unary<ExpOperator>(_logStd!.Data, std);
        Elementwise.Unary<LogOperator>(std, logStd);
        var sample = new float[rows * k];
        if (deterministic) head.CopyTo(sample);
        else
        {
            for (int i = 0; i < sample.Length; i++) sample[i] = (float)rng.NextNormal();
            for (int i = 0; i < sample.Length; i++) sample[i] = head[i] + std[i % k] * sample[i];
        }
        var terms = b.Scratch.AsSpan();
        for (int i = 0; i < sample.Length; i++)
        {
            float z = (sample[i] - head[i]) / std[i % k];
            terms[i] = z * z * -0.5f + -Normal.LogSqrtTwoPi - logStd[i % k];
        }
        for (int r = 0; r < rows; r++) logProbs[r] = Elementwise.Sum(terms.Slice(r * k, k));
        return new PolicyStep(sample, logProbs, values);
    }

    private sealed class ActingBuffers
    {
        public ActingBuffers(ActorCriticPolicy policy, int rows)
        {
            Rows = rows;
            var widths = policy.Architecture.NetArch;
            Actor = [.. widths.Select(w => new float[rows * w])];
            if (policy._shared is null) Critic = [.. widths.Select(w => new float[rows * w])];
            Head = new float[rows * policy.Actions];
            Scratch = new float[rows * policy.Actions];
            Std = new float[policy.Actions];
            LogStd = new float[policy.Actions];
        }

        public int Rows { get; }

        public float[][] Actor { get; }

        public float[][]? Critic { get; }

        public float[] Head { get; }

        public float[] Scratch { get; }

        public float[] Std { get; }

        public float[] LogStd { get; }
    }
}
