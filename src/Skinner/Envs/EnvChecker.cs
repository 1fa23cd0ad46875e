using System.Globalization;
using Skinner.Envs.Rendering;
using Skinner.Envs.Wrappers;

namespace Skinner.Envs;

/// <summary>
/// Checks that an environment keeps the <see cref="IEnv"/> contract, as Gymnasium's <c>check_env</c>:
/// spaces that describe the observations, reproducible seeded episodes, fresh (never aliased)
/// observation arrays, rejected out-of-space actions (or documented clipping), the reset/step order, and
/// frames of a steady size. Every failed check becomes one line of the report.
/// </summary>
public static class EnvChecker
{
    /// <summary>Checks the registered environment <paramref name="id"/> as <see cref="Envs.Make"/> builds it.</summary>
    public static EnvCheckReport CheckRegistered(string id, int steps = 300, long seed = 42) =>
        Check(() => Envs.Make(id), steps, seed, id);

    /// <summary>
    /// Checks environments built by <paramref name="factory"/>: everything <see cref="Check(IEnv, int, long)"/>
    /// checks, plus the order checks on a fresh instance (when it enforces order) and equal trajectories
    /// from two instances seeded alike.
    /// </summary>
    public static EnvCheckReport Check(Func<IEnv> factory, int steps = 300, long seed = 42, string? subject = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var problems = new List<string>();
        using (var fresh = factory())
        {
            subject ??= Describe(fresh);
            CheckOrder(fresh, problems);
        }
        using var a = factory();
        using var b = factory();
        var first = CheckOne(a, steps, seed, problems);
        if (first is not null)
        {
            var twin = Attempt(problems, "A second instance", () => Record(b, first.Actions, seed));
            if (twin is not null) Compare(first, twin, "a second instance seeded alike", problems);
        }
        return new EnvCheckReport(subject, problems);
    }

    /// <summary>Checks one environment: spaces, observations, determinism under a seed, aliasing, actions, rendering.</summary>
    public static EnvCheckReport Check(IEnv env, int steps = 300, long seed = 42)
    {
        ArgumentNullException.ThrowIfNull(env);
        var problems = new List<string>();
        CheckOne(env, steps, seed, problems);
        return new EnvCheckReport(Describe(env), problems);
    }

    private static Trajectory? CheckOne(IEnv env, int steps, long seed, List<string> problems)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        if (!CheckSpaces(env, problems)) return null;
        env.ActionSpace.Seed(unchecked((int)seed));
        var actions = new List<float[]>();
        for (int t = 0; t < steps; t++) actions.Add(env.ActionSpace.Sample());
        var first = Attempt(problems, "The first run", () => Record(env, actions, seed));
        if (first is null) return null;
        CheckTrajectory(env, first, problems);
        var again = Attempt(problems, "The replay after Reset(seed)", () => Record(env, actions, seed));
        if (again is not null) Compare(first, again, "a replay after Reset with the same seed", problems);
        Attempt(problems, "Action validation", () => CheckActions(env, seed, problems));
        Attempt(problems, "Render", () => CheckRender(env, seed, problems));
        return first;
    }

    private static bool CheckSpaces(IEnv env, List<string> problems)
    {
        bool ok = true;
        foreach (var (name, space) in new[] { ("observation", env.ObservationSpace), ("action", env.ActionSpace) })
        {
            if (space is null)
            {
                problems.Add($"The {name} space is null; every environment must describe its {name}s.");
                ok = false;
                continue;
            }
            long product = 1;
            foreach (int d in space.Shape) product *= d;
            if (space.FlatSize < 1 || product != space.FlatSize)
            {
                problems.Add($"The {name} space {space} has shape [{string.Join(", ", space.Shape)}] but flat size {space.FlatSize}; they must agree and be at least 1.");
                ok = false;
            }
        }
        return ok;
    }

    // Resets with the seed, then plays the actions, resetting (without a seed) whenever an episode ends.
    private static Trajectory Record(IEnv env, List<float[]> actions, long seed)
    {
        var t = new Trajectory(actions);
        var reset = env.Reset(seed);
        t.Add(reset.Observation, 0, false, false, "Reset(seed)");
        foreach (var a in actions)
        {
            var r = env.Step(a);
            t.Add(r.Observation, r.Reward, r.Terminated, r.Truncated, "Step");
            if (r.Done) t.Add(env.Reset().Observation, 0, false, false, "Reset()");
        }
        return t;
    }

    private static void CheckTrajectory(IEnv env, Trajectory t, List<string> problems)
    {
        var space = env.ObservationSpace;
        int? limit = env.Spec?.MaxEpisodeSteps;
        int length = 0;
        for (int k = 0; k < t.Count; k++)
        {
            var (obs, reward, terminated, truncated, what) = t[k];
            string where = $"{what} #{k}";
            if (obs is null) { Add(problems, $"{where} returned a null observation."); continue; }
            if (obs.Length != space.FlatSize)
                Add(problems, $"{where} returned {obs.Length} observation values; the observation space {space} holds {space.FlatSize}.");
            else if (!space.Contains(obs))
                Add(problems, $"{where} returned an observation outside the observation space {space}: {Outside(space, obs)}. Widen the space or fix the observation.");
            if (!double.IsFinite(reward)) Add(problems, $"{where} returned the reward {reward}; rewards must be finite.");
            for (int j = 0; j < k; j++)
                if (ReferenceEquals(t.Observations[j], obs)) { Add(problems, $"{where} returned the same array as call #{j}; return a fresh array every call."); break; }
            length = what == "Step" ? length + 1 : 0;
            if (limit is int max && what == "Step" && length >= max && !terminated && !truncated)
                Add(problems, $"{where}: the episode reached the registered limit of {max} steps without Truncated; is the TimeLimit wrapper missing?");
        }
        // A caller may keep and change observations: the environment must not have written into old ones.
        for (int k = 0; k < t.Count; k++)
            if (t.Observations[k] is float[] o && !o.AsSpan().SequenceEqual(t.Copies[k]))
            {
                Add(problems, $"The observation returned by call #{k} changed afterwards: the environment writes into arrays it has handed out. Return a fresh array.");
                break;
            }
    }

    private static void Compare(Trajectory a, Trajectory b, string what, List<string> problems)
    {
        for (int k = 0; k < Math.Min(a.Count, b.Count); k++)
        {
            if (!a.Copies[k].AsSpan().SequenceEqual(b.Copies[k]) || a.Rewards[k].CompareTo(b.Rewards[k]) != 0 ||
                a.Terminated[k] != b.Terminated[k] || a.Truncated[k] != b.Truncated[k] || a.Kinds[k] != b.Kinds[k])
            {
                problems.Add($"Not deterministic: {what} differs from the first run at call #{k} ({a.Kinds[k]}). The environment must draw all its randomness from the generator seeded by Reset(seed).");
                return;
            }
        }
        if (a.Count != b.Count) problems.Add($"Not deterministic: {what} made {b.Count} calls where the first run made {a.Count}.");
    }

    private static void CheckOrder(IEnv fresh, List<string> problems)
    {
        if (!Enforces(fresh)) return;
        float[] action = new float[fresh.ActionSpace?.FlatSize ?? 1];
        if (!Throws<InvalidOperationException>(() => fresh.Step(action)))
            problems.Add("Step() before Reset() did not throw InvalidOperationException although the environment is wrapped in OrderEnforcing.");
        if (!Throws<InvalidOperationException>(() => fresh.Render()))
            problems.Add("Render() before Reset() did not throw InvalidOperationException although the environment is wrapped in OrderEnforcing.");
    }

    private static void CheckActions(IEnv env, long seed, List<string> problems)
    {
        var space = env.ActionSpace;
        MustReject(env, seed, new float[space.FlatSize + 1], $"an action of {space.FlatSize + 1} values for {space}", problems);
        if (space is Discrete d)
        {
            foreach (float bad in new[] { d.Start + d.N, d.Start - 1f, d.Start + 0.5f, float.NaN })
                MustReject(env, seed, [bad], $"the action {bad.ToString(CultureInfo.InvariantCulture)} for {space}", problems);
        }
        else if (space is Box box)
        {
            var nan = box.Sample();
            nan[0] = float.NaN;
            MustReject(env, seed, nan, $"an action with NaN in element 0 for {space}", problems);
            for (int i = 0; i < box.FlatSize; i++)
            {
                if (float.IsFinite(box.High[i])) CheckOutOfRange(env, seed, box, i, box.High[i] + 1 + Math.Abs(box.High[i]), problems);
                if (float.IsFinite(box.Low[i])) CheckOutOfRange(env, seed, box, i, box.Low[i] - 1 - Math.Abs(box.Low[i]), problems);
            }
        }
    }

    private static void MustReject(IEnv env, long seed, float[] action, string what, List<string> problems)
    {
        env.Reset(seed);
        var e = Catch(() => env.Step(action));
        if (e is null) problems.Add($"Step accepted {what}; it must throw an ArgumentException that names the action space.");
        else if (e is not ArgumentException || string.IsNullOrWhiteSpace(e.Message))
            problems.Add($"Step rejected {what} with {e.GetType().Name}; throw an ArgumentException with a message that names the action space.");
    }

    // An out-of-range continuous action must be refused, or act exactly as the clipped action does.
    private static void CheckOutOfRange(IEnv env, long seed, Box box, int i, float value, List<string> problems)
    {
        var action = box.Sample();
        action[i] = value;
        env.Reset(seed);
        StepResult outside;
        try
        {
            outside = env.Step(action);
        }
        catch (ArgumentException)
        {
            return;
        }
        var clipped = (float[])action.Clone();
        clipped[i] = Math.Clamp(value, box.Low[i], box.High[i]);
        env.Reset(seed);
        var inside = env.Step(clipped);
        // Only the dynamics must follow the clipped action: a reward may still charge for the action as sent
        // (Gymnasium's MountainCarContinuous penalises the unclipped action's square).
        if (!outside.Observation.AsSpan().SequenceEqual(inside.Observation) || outside.Terminated != inside.Terminated)
            problems.Add($"Step accepted {value.ToString(CultureInfo.InvariantCulture)} in action element {i} (outside [{box.Low[i]}, {box.High[i]}]) and did not act as the clipped action; reject it or clip it.");
    }

    private static void CheckRender(IEnv env, long seed, List<string> problems)
    {
        env.Reset(seed);
        var first = env.Render();
        env.Step(env.ActionSpace.Sample());
        var second = env.Render();
        if (first is null && second is null) return;
        if (first is null || second is null)
        {
            problems.Add("Render() returned a frame on one call and null on another; an environment either draws itself or never does.");
            return;
        }
        if (first.Width != second.Width || first.Height != second.Height)
            problems.Add($"Render() changed size from {first.Width}x{first.Height} to {second.Width}x{second.Height}; frames must keep one size.");
        if (ReferenceEquals(first, second) || ReferenceEquals(first.Rgb, second.Rgb))
            problems.Add("Render() returned the same frame object twice; return a fresh Frame every call (video sinks keep them).");
    }

    private static bool Enforces(IEnv env)
    {
        for (IEnv? e = env; e is not null; e = (e as Wrapper)?.Env)
            if (e is OrderEnforcing) return true;
        return false;
    }

    private static string Outside(Space space, float[] obs)
    {
        if (space is not Box box) return $"[{string.Join(", ", obs)}]";
        for (int i = 0; i < obs.Length; i++)
            if (!(obs[i] >= box.Low[i] && obs[i] <= box.High[i]))
                return $"element {i} is {obs[i].ToString(CultureInfo.InvariantCulture)}, outside [{box.Low[i]}, {box.High[i]}]";
        return "no element is out of bounds";
    }

    private static void Add(List<string> problems, string problem)
    {
        // One line per kind of fault is enough; a broken environment would repeat it on every step.
        if (problems.Count < 20) problems.Add(problem);
    }

    private static T? Attempt<T>(List<string> problems, string what, Func<T> run)
        where T : class
    {
        try
        {
            return run();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            problems.Add($"{what} threw {e.GetType().Name}: {e.Message}");
            return null;
        }
    }

    private static void Attempt(List<string> problems, string what, Action run) =>
        Attempt<object>(problems, what, () =>
        {
            run();
            return new object();
        });

    private static Exception? Catch(Action run)
    {
        try
        {
            run();
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return e;
        }
    }

    private static bool Throws<T>(Action run)
        where T : Exception => Catch(run) is T;

    private static string Describe(IEnv env) => env.Spec?.Id ?? (env is Wrapper w ? w.Unwrapped : env).GetType().Name;

    private sealed class Trajectory(List<float[]> actions)
    {
        public List<float[]> Actions { get; } = actions;

        public List<float[]?> Observations { get; } = [];

        public List<float[]> Copies { get; } = [];

        public List<double> Rewards { get; } = [];

        public List<bool> Terminated { get; } = [];

        public List<bool> Truncated { get; } = [];

        public List<string> Kinds { get; } = [];

        public int Count => Kinds.Count;

        public (float[]? Obs, double Reward, bool Terminated, bool Truncated, string Kind) this[int k] =>
            (Observations[k], Rewards[k], Terminated[k], Truncated[k], Kinds[k]);

        public void Add(float[]? obs, double reward, bool terminated, bool truncated, string kind)
        {
            Observations.Add(obs);
            Copies.Add(obs is null ? [] : (float[])obs.Clone());
            Rewards.Add(reward);
            Terminated.Add(terminated);
            Truncated.Add(truncated);
            Kinds.Add(kind);
        }
    }
}
