using Skinner.Tensors;

namespace Skinner.Nn.Serialization;

/// <summary>The content of a safetensors file, fully validated and converted to float32 tensors.</summary>
public sealed class SafeTensorsFile
{
    internal SafeTensorsFile(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string> dtypes, IReadOnlyDictionary<string, string> metadata)
    {
        Tensors = tensors;
        DTypes = dtypes;
        Metadata = metadata;
    }

    /// <summary>The tensors by name, in the order of the file's header.</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors { get; }

    /// <summary>The dtype each tensor had in the file (<c>F32</c>, <c>F64</c>, <c>I64</c>, ...); all are returned as float32.</summary>
    public IReadOnlyDictionary<string, string> DTypes { get; }

    /// <summary>The <c>__metadata__</c> strings (empty when the file has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }
}
