using Skinner.Tensors;

namespace Skinner.Nn;

/// <summary>Layers applied in order. Parameters are named <c>{index}.{name}</c> (e.g. <c>0.weight</c>), as PyTorch does.</summary>
public sealed class Sequential : Layer
{
    private readonly Layer[] _layers;

    /// <summary>Chains <paramref name="layers"/> (at least one).</summary>
    public Sequential(params Layer[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Length == 0) throw new ArgumentException("Sequential needs at least one layer.", nameof(layers));
        foreach (var l in layers) ArgumentNullException.ThrowIfNull(l, nameof(layers));
        _layers = (Layer[])layers.Clone();
    }

    /// <summary>Number of layers.</summary>
    public int Count => _layers.Length;

    /// <summary>The layer at <paramref name="index"/>.</summary>
    public Layer this[int index] => _layers[index];

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        var x = input;
        for (int i = 0; i < _layers.Length; i++)
        {
            // A Linear followed by a ReLU or a Tanh runs as one fused op: same values and gradients, one buffer fewer.
            if (_layers[i] is Linear linear && i + 1 < _layers.Length && _layers[i + 1] is ReLU or Tanh)
            {
                x = _layers[i + 1] is ReLU ? linear.ForwardRelu(x) : linear.ForwardTanh(x);
                i++;
            }
            else
            {
                x = _layers[i].Forward(x);
            }
        }
        return x;
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, Tensor Tensor)> NamedParameters()
    {
        for (int i = 0; i < _layers.Length; i++)
        {
            foreach (var (name, t) in _layers[i].NamedParameters()) yield return ($"{i}.{name}", t);
        }
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, Tensor Tensor)> NamedBuffers()
    {
        for (int i = 0; i < _layers.Length; i++)
        {
            foreach (var (name, t) in _layers[i].NamedBuffers()) yield return ($"{i}.{name}", t);
        }
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, Module Module)> Children()
    {
        for (int i = 0; i < _layers.Length; i++) yield return (i.ToString(System.Globalization.CultureInfo.InvariantCulture), _layers[i]);
    }
}
