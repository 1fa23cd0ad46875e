namespace Skinner.Tensors;

/// <summary>
/// One recorded operation: its inputs, its output, and how to push the output's gradient back to the inputs.
/// A node is created by an op's forward only when recording (some input requires grad and no
/// <see cref="Autograd.NoGrad"/> scope is active), so the graph costs nothing under no-grad.
/// </summary>
internal abstract class Node
{
    /// <summary>First input (null for none).</summary>
    internal readonly Tensor? A;

    /// <summary>Second input (null for unary ops).</summary>
    internal readonly Tensor? B;

    /// <summary>The tensor this node produced; set by <see cref="Tensor.Record"/>.</summary>
    internal Tensor Output = null!;

    /// <summary>Visit stamp of the last backward pass that reached this node (topological sort).</summary>
    internal int Mark;

    protected Node(Tensor? a, Tensor? b = null)
    {
        A = a;
        B = b;
    }

    /// <summary>Further inputs of ops with more than two (concatenation); null otherwise.</summary>
    internal virtual Tensor[]? More => null;

    /// <summary>Adds upstream · ∂Output/∂input into each input that requires grad.</summary>
    /// <param name="grad">The gradient of the loss with respect to <see cref="Output"/> (its shape).</param>
    internal abstract void Backward(Tensor grad);
}
