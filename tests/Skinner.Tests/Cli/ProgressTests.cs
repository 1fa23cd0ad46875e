using Skinner.Agents.Common;
using Skinner.Cli;

namespace Skinner.Tests.Cli;

public class ProgressTests
{
    // Drives the progress line through `steps` steps of a run with episodes ending at the given steps; returns its output.
    private static string Drive(long? maxEpisodes, long totalSteps, int steps, params int[] episodeEnds)
    {
        var output = new StringWriter();
        var budget = maxEpisodes is long episodes ? new StopAfterEpisodes(episodes) : null;
        var progress = new Progress(output, interactive: false, budget);
        // The callbacks as a run calls them, the progress line first as the tool lists it.
        Callback[] callbacks = budget is null ? [progress] : [progress, budget];
        var state = new TrainingState { Agent = null!, TotalSteps = totalSteps };
        foreach (var c in callbacks) c.OnTrainingStart(state);
        for (int step = 1; step <= steps; step++)
        {
            state.Steps = step;
            if (episodeEnds.Contains(step))
            {
                state.Episodes++;
                state.LastEpisodeReturn = step;
                foreach (var c in callbacks) c.OnEpisodeEnd(state);
            }
            Assert.True(progress.OnStep(state));
        }
        foreach (var c in callbacks) c.OnTrainingEnd(state);
        return output.ToString();
    }

    [Fact]
    public void WithoutAnEpisodeBudgetTheLinesFollowTheSteps()
    {
        string[] lines = Drive(null, 100, 100, 30, 60).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(11, lines.Length); // the first step, then a line at each tenth of the steps
        Assert.Contains("steps        50/100 ( 50.0%) | episodes      1 |", lines[5], StringComparison.Ordinal);
        Assert.Contains("(100.0%)", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void ARunCarriedPastItsBudgetPrintsItsEndOnce()
    {
        // PPO finishes its last rollout: 256 steps of a budget of 100 print a line at 100%, then only the last one.
        string[] lines = Drive(null, 100, 256).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(12, lines.Length);
        Assert.Single(lines, l => l.Contains("(100.0%)", StringComparison.Ordinal));
        Assert.Contains("steps       256/100 (256.0%)", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void AnEpisodeBudgetNearerItsEndSetsTheShareDone()
    {
        // Four episodes of a budget of four end after 40 of 1000 steps: the run is done although its steps are not.
        string text = Drive(4, 1000, 40, 10, 20, 30, 40);
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("steps        40/1,000 (100.0%) | episodes 4/4 |", lines[^1], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("( 50.0%) | episodes 2/4 |", StringComparison.Ordinal));
        Assert.Contains("mean return (100)     25.0", lines[^1], StringComparison.Ordinal);
    }
}
