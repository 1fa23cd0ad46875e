using Skinner.Tensors;

namespace Skinner.Nn.Optimizers;

/// <summary>
/// A snapshot of an optimizer, for checkpoints: its <see cref="Optimizer.Kind"/>, learning rate, the step
/// count of every parameter (in <see cref="Optimizer.Parameters"/> order), and its state buffers named
/// <c>{parameter index}.{buffer name}</c>, each with its parameter's shape.
/// </summary>
/// <param name="Kind">The update rule (<c>sgd</c>, <c>adam</c>, <c>rmsprop</c>).</param>
/// <param name="LearningRate">The learning rate at the time of the snapshot.</param>
/// <param name="Steps">Updates taken by each parameter.</param>
/// <param name="Tensors">State buffers by name, e.g. <c>0.exp_avg</c>.</param>
public sealed record OptimizerState(string Kind, double LearningRate, IReadOnlyList<long> Steps, IReadOnlyDictionary<string, Tensor> Tensors);
