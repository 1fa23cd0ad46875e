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
            // Only the filled rows [0, Count) are written: a buffer sized for 1e6 transitions that holds 3,000 costs 3,000.
            foreach (var (name, data) in buffer.StateArrays())
            {
                int length = FilledLength(name, data, buffer.Capacity, buffer.Count);
                tensors.Add(("replay." + name, Vector(length == data.Length ? data : data.AsSpan(0, length).ToArray())));
            }
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
        int replayCount = 0;
        if (hasReplay)
        {
            replayCount = int.Parse(Meta("replay_count"), CultureInfo.InvariantCulture);
            if (replayCount < 0 || replayCount > buffer!.Capacity)
                throw new InvalidDataException($"{path}.state holds {replayCount} transitions; this buffer has room for {buffer!.Capacity} (buffer_size differs).");
            foreach (var (name, data) in buffer.StateArrays())
            {
                if (!state.Tensors.TryGetValue("replay." + name, out var saved)) throw new InvalidDataException($"{path}.state lacks replay array '{name}'.");
                int expected = FilledLength(name, data, buffer.Capacity, replayCount);
                if (saved.Numel != expected && saved.Numel != data.Length)
                    throw new InvalidDataException($"Replay array '{name}' in {path}.state has {saved.Numel} values; {replayCount} transitions of this buffer need {expected} (buffer_size or the observation size differs).");
            }
        }

        // Everything is checked; Checkpoint.Load validates the networks before copying, then the rest follows.
        Checkpoint.Load(path, modules, optimizers);
        rng.SetState(rngState);
        log.Restore(actions);
        if (hasReplay)
        {
            foreach (var (name, data) in buffer!.StateArrays())
            {
                if (name == "priorities") continue;
                var saved = state.Tensors["replay." + name].Data;
                Array.Copy(saved, data, saved.Length);
                Array.Clear(data, saved.Length, data.Length - saved.Length);
            }
            buffer.RestoreCounters(replayCount, int.Parse(Meta("replay_position"), CultureInfo.InvariantCulture));
            if (buffer is PrioritizedReplayBuffer per) per.RestorePriorities(state.Tensors["replay.priorities"].Data);
        }
        return (counters, state.Tensors);
    }

    private static Tensor Vector(float[] data) => new(data, data.Length);

    // The values of rows [0, count) of a per-transition array (the priorities travel whole).
    private static int FilledLength(string name, float[] data, int capacity, int count) =>
        name == "priorities" ? data.Length : data.Length / capacity * count;
}
