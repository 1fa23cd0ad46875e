using Skinner.Envs;
using Skinner.Envs.Rendering;

namespace Skinner.Tests.Envs.Testing;

/// <summary>The ways <see cref="RandomWalkEnv"/> can be told to break the contract, so that checks can be seen to fail.</summary>
public enum WalkFault
{
    None,
    AliasObservation,
    IgnoreSeed,
    AcceptBadActions,
    ObservationOutOfSpace,
    ResizingRender,
}

/// <summary>
/// A seeded 1-D random walk on the integers: action 1 moves right, 0 left, plus a noise step in {-1, 0, 1}
/// from a generator seeded by <c>Reset(seed)</c>. The episode terminates at |position| ≥ 5. Reward is
/// the position after the move. Observation: [position, noise, steps so far]. Renders an 11×3 strip with
/// the walker lit.
/// </summary>
public sealed class RandomWalkEnv : IEnv
{
    public const int Bound = 5;

    private readonly WalkFault _fault;
    private readonly float[] _shared = new float[3];
    private Random _random = new(0);
    private int _position;
    private int _noise;
    private int _steps;

    public RandomWalkEnv(WalkFault fault = WalkFault.None)
    {
        _fault = fault;
    }

    public Space ObservationSpace { get; } = new Box([-Bound - 1, -1, 0], [Bound + 1, 1, 10_000]);

    public Space ActionSpace { get; } = new Discrete(2);

    public EnvSpec? Spec { get; set; }

    public int ResetCount { get; private set; }

    public ResetResult Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        if (seed is long s && _fault != WalkFault.IgnoreSeed) _random = new Random((int)s);
        if (_fault == WalkFault.IgnoreSeed) _random = new Random(Random.Shared.Next());
        _position = _random.Next(-2, 3);
        _noise = 0;
        _steps = 0;
        ResetCount++;
        var info = new Info { ["reset_count"] = ResetCount };
        return new ResetResult(Observe(), info);
    }

    public StepResult Step(ReadOnlySpan<float> action)
    {
        if (_fault != WalkFault.AcceptBadActions && !ActionSpace.Contains(action))
            throw new ArgumentException($"Action [{string.Join(", ", action.ToArray())}] is not in {ActionSpace}.", nameof(action));
        _noise = _random.Next(-1, 2);
        _position += (action[0] == 1 ? 1 : -1) + _noise;
        _steps++;
        bool terminated = Math.Abs(_position) >= Bound;
        var info = new Info { ["steps"] = _steps };
        return new StepResult(Observe(), _position, terminated, false, info);
    }

    public Frame? Render()
    {
        int width = 2 * Bound + 3 + (_fault == WalkFault.ResizingRender ? _steps : 0);
        var frame = new Frame(3, width);
        int x = Math.Clamp(_position + Bound + 1, 0, width - 1);
        frame.Rgb[(width + x) * 3] = 255;
        return frame;
    }

    public void Dispose()
    {
    }

    private float[] Observe()
    {
        var obs = _fault == WalkFault.AliasObservation ? _shared : new float[3];
        obs[0] = _position;
        obs[1] = _noise;
        obs[2] = _fault == WalkFault.ObservationOutOfSpace ? -1 : _steps;
        return obs;
    }
}
