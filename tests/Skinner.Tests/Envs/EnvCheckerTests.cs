using Skinner.Envs;
using Skinner.Envs.Wrappers;
using Skinner.Tests.Envs.Testing;
using Registry = Skinner.Envs.Envs;

namespace Skinner.Tests.Envs;

public class EnvCheckerTests
{
    /// <summary>Every registered id, plus the test environments so that the theory never runs empty.</summary>
    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var spec in Registry.Specs) data.Add(spec.Id);
        data.Add(TestEnvs.RandomWalkId);
        data.Add(TestEnvs.EchoId);
        return data;
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void EveryEnvironmentPasses(string id)
    {
        var report = EnvChecker.Check(() => TestEnvs.Make(id), subject: id);
        Assert.True(report.Passed, report.ToString());
    }

    [Fact]
    public void RegisteredEnvironmentsAreCheckedThroughMake()
    {
        foreach (var spec in Registry.Specs)
            Assert.Equal(spec.Id, EnvChecker.CheckRegistered(spec.Id, steps: 20).Subject);
        Assert.Throws<ArgumentException>(() => EnvChecker.CheckRegistered("NoSuchEnv-v9"));
    }

    [Theory]
    [InlineData(WalkFault.AliasObservation, "fresh array")]
    [InlineData(WalkFault.IgnoreSeed, "Not deterministic")]
    [InlineData(WalkFault.AcceptBadActions, "Step accepted")]
    [InlineData(WalkFault.ObservationOutOfSpace, "outside the observation space")]
    [InlineData(WalkFault.ResizingRender, "changed size")]
    public void EachBrokenRuleIsReported(WalkFault fault, string expected)
    {
        var report = EnvChecker.Check(() => new OrderEnforcing(new RandomWalkEnv(fault)));
        Assert.False(report.Passed);
        Assert.Contains(report.Problems, p => p.Contains(expected, StringComparison.Ordinal));
        var e = Assert.Throws<EnvCheckException>(report.ThrowIfFailed);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASingleInstanceIsCheckedByReplayingItsSeed()
    {
        using var good = new RandomWalkEnv();
        Assert.True(EnvChecker.Check(good).Passed);
        using var bad = new RandomWalkEnv(WalkFault.IgnoreSeed);
        Assert.Contains(EnvChecker.Check(bad).Problems, p => p.Contains("replay", StringComparison.Ordinal));
    }

    [Fact]
    public void WithoutOrderEnforcingNoOrderIsDemandedAndClippingMustBeExact()
    {
        // Without OrderEnforcing nothing is demanded; a clip that accepts out-of-range values must clip exactly.
        Assert.True(EnvChecker.Check(() => new RandomWalkEnv()).Passed);
        Assert.True(EnvChecker.Check(() => new ClipAction(new EchoEnv())).Passed);
    }

    [Fact]
    public void AMissingTimeLimitIsReportedForARegisteredLimit()
    {
        var spec = new EnvSpec("test:Walk-v0", () => new RandomWalkEnv(), 3, null, "walk");
        var report = EnvChecker.Check(() => new EchoEnv(episodeLength: 10) { Spec = spec });
        Assert.Contains(report.Problems, p => p.Contains("TimeLimit", StringComparison.Ordinal));
    }
}
