using Skinner.Nn;
using Skinner.Tensors;

namespace Skinner.Agents.Common;

/// <summary>Hidden-layer nonlinearity of the networks agents build.</summary>
public enum Activation
{
    /// <summary>max(x, 0).</summary>
    Relu,

    /// <summary>tanh(x).</summary>
    Tanh,
}

/// <summary>Builders for the networks agents use.</summary>
public static class Networks
{
    /// <summary>
    /// A multi-layer perceptron <c>input → hidden[0] → ... → output</c> with the activation between layers and
    /// none after the last; PyTorch's default initialisation.
    /// </summary>
    public static Sequential Mlp(int input, IReadOnlyList<int> hidden, int output, Rng rng, Activation activation = Activation.Relu)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        var layers = new List<Layer>();
        int width = input;
        foreach (int h in hidden)
        {
            if (h <= 0) throw new ArgumentException($"Hidden layer sizes must be positive; got {h}.", nameof(hidden));
            layers.Add(new Linear(width, h, rng));
            layers.Add(Make(activation));
            width = h;
        }
        layers.Add(new Linear(width, output, rng));
        return new Sequential([.. layers]);
    }

    /// <summary>Hidden layers only: <c>input → hidden[0] → ... → hidden[^1]</c>, each followed by the activation.</summary>
    public static Sequential Trunk(int input, IReadOnlyList<int> hidden, Rng rng, Activation activation = Activation.Relu)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        if (hidden.Count == 0) throw new ArgumentException("A trunk needs at least one hidden layer.", nameof(hidden));
        var layers = new List<Layer>();
        int width = input;
        foreach (int h in hidden)
        {
            layers.Add(new Linear(width, h, rng));
            layers.Add(Make(activation));
            width = h;
        }
        return new Sequential([.. layers]);
    }

    /// <summary>The fused form of an activation, for <see cref="TrunkInto"/>.</summary>
    internal static Tensor.FusedActivation Fused(Activation activation) =>
        activation == Activation.Tanh ? Tensor.FusedActivation.Tanh : Tensor.FusedActivation.Relu;

    /// <summary>
    /// A trunk's Linear + activation pairs (as <see cref="Trunk"/> builds them) on <paramref name="rows"/> rows of
    /// <paramref name="x"/> without tensors, each as its fused op computes it, into <paramref name="outputs"/> (one
    /// buffer per pair); returns the last features. The acting paths use it to reproduce Forward bit for bit.
    /// </summary>
    internal static ReadOnlySpan<float> TrunkInto(Sequential trunk, Tensor.FusedActivation activation, ReadOnlySpan<float> x, int rows, ReadOnlySpan<float[]> outputs)
    {
        for (int i = 0; i < outputs.Length; i++)
        {
            var linear = (Linear)trunk[2 * i];
            Tensor.AffineInto(x, rows, linear.Weight, linear.Bias, activation, outputs[i]);
            x = outputs[i];
        }
        return x;
    }

    /// <summary>The layer for an activation.</summary>
    public static Layer Make(Activation activation) => activation switch
    {
        Activation.Relu => new ReLU(),
        Activation.Tanh => new Tanh(),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };

    /// <summary>Copies a flat batch into a new tensor of shape [rows, columns] (the batch arrays are reused by their owner).</summary>
    public static Tensor Batch(float[] data, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(data);
        var copy = new float[rows * columns];
        Array.Copy(data, copy, copy.Length);
        return new Tensor(copy, rows, columns);
    }
}
