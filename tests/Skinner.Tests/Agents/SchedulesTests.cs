using Skinner.Agents.Common;

namespace Skinner.Tests.Agents;

public class SchedulesTests
{
    [Fact]
    public void LinearAnnealsThenHolds()
    {
        var s = new LinearSchedule(1.0, 0.1, 100);
        Assert.Equal(1.0, s.Value(0), 12);
        Assert.Equal(0.55, s.Value(50), 12);
        Assert.Equal(0.1, s.Value(100), 12);
        Assert.Equal(0.1, s.Value(1000), 12);
    }

    [Fact]
    public void ExponentialFollowsTheTutorialFormula()
    {
        var s = new ExponentialSchedule(0.9, 0.05, 200);
        Assert.Equal(0.9, s.Value(0), 12);
        Assert.Equal(0.05 + 0.85 * Math.Exp(-1), s.Value(200), 12);
    }

    [Fact]
    public void MultiplicativeStopsAtTheFloor()
    {
        var s = new MultiplicativeSchedule(1.0, 0.995, 0.01);
        Assert.Equal(Math.Pow(0.995, 10), s.Value(10), 12);
        Assert.Equal(0.01, s.Value(10_000), 12);
    }
}
