using System.Diagnostics;
using System.Globalization;
using Skinner.Agents.Common;

namespace Skinner.Cli;

/// <summary>
/// The live progress line: steps and total, episodes, mean return of the last 100 episodes, steps per
/// second and time left. On a terminal it rewrites one line a few times a second; otherwise (CI logs)
/// it prints a plain line at every tenth of the run. With the run's episode budget (<paramref name="episodeBudget"/>,
/// among the run's callbacks), the line shows its count against its limit, and the share done and the time left
/// follow whichever budget is nearer its end.
/// </summary>
public sealed class Progress(TextWriter output, bool interactive, StopAfterEpisodes? episodeBudget = null) : Callback
{
    private readonly Queue<double> _recent = new();
    private readonly Stopwatch _clock = new();
    private double _sum;
    private long _startSteps;
    private long _lastDraw = long.MinValue;
    private int _lastDecile = -1;
    private long _lastPrinted = -1;

    /// <summary>Mean return of the last 100 episodes (NaN before the first).</summary>
    public double MeanReturn => _recent.Count == 0 ? double.NaN : _sum / _recent.Count;

    /// <inheritdoc />
    public override void OnTrainingStart(TrainingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _startSteps = state.Steps;
        _clock.Restart();
    }

    /// <inheritdoc />
    public override void OnEpisodeEnd(TrainingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _recent.Enqueue(state.LastEpisodeReturn);
        _sum += state.LastEpisodeReturn;
        if (_recent.Count > 100) _sum -= _recent.Dequeue();
    }

    /// <inheritdoc />
    public override bool OnStep(TrainingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (interactive)
        {
            long now = _clock.ElapsedMilliseconds;
            if (now - _lastDraw >= 200)
            {
                _lastDraw = now;
                output.Write("\r" + Line(state) + "   ");
            }
        }
        else
        {
            // A rollout may carry a run past its budget (PPO finishes its last one): 100% is printed once.
            int decile = Math.Min(10, (int)(10 * Done(state)));
            if (decile != _lastDecile && state.Steps > _startSteps)
            {
                _lastDecile = decile;
                _lastPrinted = state.Steps;
                output.WriteLine(Line(state));
            }
        }
        return true;
    }

    /// <inheritdoc />
    public override void OnTrainingEnd(TrainingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (interactive) output.WriteLine("\r" + Line(state) + "   ");
        else if (_lastDecile < 10 || state.Steps != _lastPrinted) output.WriteLine(Line(state));
    }

    // The share of the run done: of its steps (counted from zero, as the total is), or of its episode budget.
    private double Done(TrainingState s)
    {
        double steps = (double)s.Steps / Math.Max(1, s.TotalSteps);
        return episodeBudget is { } budget ? Math.Max(steps, (double)budget.Episodes / budget.MaxEpisodes) : steps;
    }

    private string Line(TrainingState s)
    {
        var inv = CultureInfo.InvariantCulture;
        double seconds = Math.Max(1e-9, _clock.Elapsed.TotalSeconds);
        double sps = (s.Steps - _startSteps) / seconds;
        double left = sps > 0 ? (s.TotalSteps - s.Steps) / sps : double.NaN;
        string episodes = s.Episodes.ToString("N0", inv).PadLeft(6);
        if (episodeBudget is { } budget)
        {
            long done = budget.Episodes;
            episodes = string.Create(inv, $"{done:N0}/{budget.MaxEpisodes:N0}");
            // Episodes vary in length, so the time left by episodes is the time so far per episode.
            if (done > 0) left = Math.Min(left, seconds * (budget.MaxEpisodes - done) / done);
        }
        string mean = double.IsNaN(MeanReturn) ? "-" : MeanReturn.ToString("F1", inv);
        return string.Create(inv, $"steps {s.Steps,9:N0}/{s.TotalSteps:N0} ({100.0 * Done(s),5:F1}%) | episodes {episodes} | mean return (100) {mean,8} | {sps,8:N0} steps/s | left {Time(left)}");
    }

    private static string Time(double seconds)
    {
        if (double.IsNaN(seconds) || double.IsInfinity(seconds)) return "?";
        var t = TimeSpan.FromSeconds(Math.Round(seconds));
        return t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);
    }
}

/// <summary>Stops training at the next safe point once <see cref="Requested"/> is set (Ctrl+C).</summary>
public sealed class StopRequest : Callback
{
    private volatile bool _requested;

    /// <summary>Whether a stop was asked for.</summary>
    public bool Requested => _requested;

    /// <summary>Asks training to stop.</summary>
    public void Request() => _requested = true;

    /// <inheritdoc />
    public override bool OnStep(TrainingState state) => !_requested;
}
