using Skinner.Tensors;

namespace Skinner.Nn;

/// <summary>A module that maps one tensor to one tensor, so that it can be chained in a <see cref="Sequential"/>.</summary>
public abstract class Layer : Module
{
    /// <summary>Applies the layer (recorded for backward unless inside <see cref="Autograd.NoGrad"/>).</summary>
    public abstract Tensor Forward(Tensor input);
}
