using System.Globalization;
using Skinner.Nn;
using Skinner.Nn.Optimizers;
using Skinner.Nn.Serialization;
using Skinner.Tensors;

namespace Skinner.Agents.Common;

/// <summary>
/// What an off-policy agent saves to resume exactly: networks and optimisers (<c>PATH</c>, a safetensors
/// checkpoint), and beside it (<c>PATH.state</c>) the counters, the random state, the environment's action
/// log and, optionally, the replay buffer. Both files are written atomically; loading validates everything
/// before changing anything.
/// </summary>
public static class TrainingCheckpoint
{
    /// <summary>Writes the checkpoint.</summary>
    public static void Save(string path, string algorithm, IReadOnlyList<(string Name, Module Module)> modules,
        IReadOnlyList<(string Name, Optimizer Optimizer)> optimizers, IReadOnlyDictionary<string, long> counters,
        Rng rng, EnvironmentLog log, ReplayBuffer? buffer, IEnumerable<(string Name, Tensor Tensor)>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(log);
        var meta = new Dictionary<string, string>
        {
            ["algorithm"] = algorithm,
            ["rng"] = string.Join(',', rng.GetState()),
        };
        foreach (var (k, v) in counters) meta["counter." + k] = v.ToString(CultureInfo.InvariantCulture);
        Checkpoint.Save(path, modules, optimizers, new Dictionary<string, string> { ["algorithm"] = algorithm });
        var tensors = new List<(string, Tensor)> { ("env_actions", Vector(log.ToArray())) };
        if (extra is not null) tensors.AddRange(extra);
        if (buffer is not null)
        {
            foreach (var (name, data) in buffer.StateArrays()) tensors.Add(("replay." + name, Vector(data)));
            meta["replay_count"] = buffer.Count.ToString(CultureInfo.InvariantCulture);
            meta["replay_position"] = buffer.Position.ToString(CultureInfo.InvariantCulture);
        }
        SafeTensors.Save(path + ".state", tensors, meta);
    }

    /// <summary>
    /// Restores a checkpoint written by <see cref="Save"/> and returns its counters and extra tensors.
    /// Throws <see cref="InvalidDataException"/> naming the problem when the files do not fit.
    /// </summary>
    public static (IReadOnlyDictionary<string, long> Counters, IReadOnlyDictionary<string, Tensor> Tensors) Load(
        string path, string algorithm, IReadOnlyList<(string Name, Module Module)> modules,
        IReadOnlyList<(string Name, Optimizer Optimizer)> optimizers, Rng rng, EnvironmentLog log, ReplayBuffer? buffer)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(log);
        if (!File.Exists(path + ".state")) throw new InvalidDataException($"Checkpoint {path} has no training state beside it ({path}.state); it cannot be resumed.");
        var state = SafeTensors.Load(path + ".state");
        string Meta(string key) => state.Metadata.TryGetValue(key, out var v) ? v
            : throw new InvalidDataException($"{path}.state lacks '{key}': it was not written by this version of Skinner.");
        if (Meta("algorithm") != algorithm) throw new InvalidDataException($"Checkpoint {path} belongs to '{Meta("algorithm")}', not {algorithm}.");
        var actions = state.Tensors.TryGetValue("env_actions", out var a) ? a.Data : throw new InvalidDataException($"{path}.state lacks the environment's action log.");
        if (actions.Length % log.ActionSize != 0) throw new InvalidDataException($"{path}.state: the action log does not split into actions of {log.ActionSize}.");
        var rngState = Meta("rng").Split(',').Select(s => ulong.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var counters = state.Metadata.Where(kv => kv.Key.StartsWith("counter.", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key["counter.".Length..], kv => long.Parse(kv.Value, CultureInfo.InvariantCulture));
        bool hasReplay = buffer is not null && state.Metadata.ContainsKey("replay_count");
        if (hasReplay)
        {
            foreach (var (name, data) in buffer!.StateArrays())
            {
                if (!state.Tensors.TryGetValue("replay." + name, out var saved)) throw new InvalidDataException($"{path}.state lacks replay array '{name}'.");
                if (saved.Numel != data.Length) throw new InvalidDataException($"Replay array '{name}' in {path}.state has {saved.Numel} values; this buffer needs {data.Length} (buffer_size differs).");
            }
        }

        // Everything is checked; Checkpoint.Load validates the networks before copying, then the rest follows.
        Checkpoint.Load(path, modules, optimizers);
        rng.SetState(rngState);
        log.Restore(actions);
        if (hasReplay)
        {
            foreach (var (name, data) in buffer!.StateArrays())
                if (name != "priorities") Array.Copy(state.Tensors["replay." + name].Data, data, data.Length);
            buffer.RestoreCounters(int.Parse(Meta("replay_count"), CultureInfo.InvariantCulture), int.Parse(Meta("replay_position"), CultureInfo.InvariantCulture));
            if (buffer is PrioritizedReplayBuffer per) per.RestorePriorities(state.Tensors["replay.priorities"].Data);
        }
        return (counters, state.Tensors);
    }

    private static Tensor Vector(float[] data) => new(data, data.Length);
}
