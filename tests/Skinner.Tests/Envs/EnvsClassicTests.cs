using Skinner.Envs;
using Skinner.Envs.Classic;
using Skinner.Envs.Wrappers;

namespace Skinner.Tests.Envs;

public class EnvsClassicTests
{
    [Theory]
    [InlineData("CartPole-v0", 200, 195.0)]
    [InlineData("CartPole-v1", 500, 475.0)]
    [InlineData("MountainCar-v0", 200, -110.0)]
    [InlineData("MountainCarContinuous-v0", 999, 90.0)]
    [InlineData("Acrobot-v1", 500, -100.0)]
    public void Registered_with_gymnasiums_limits(string id, int steps, double threshold)
    {
        var spec = Skinner.Envs.Envs.Spec(id);
        Assert.Equal(steps, spec.MaxEpisodeSteps);
        Assert.Equal(threshold, spec.RewardThreshold);
        Assert.False(string.IsNullOrWhiteSpace(spec.Description));
    }

    [Theory]
    [InlineData("Pendulum-v0")]
    [InlineData("Pendulum-v1")]
    public void Pendulum_has_200_steps_and_no_threshold(string id)
    {
        var spec = Skinner.Envs.Envs.Spec(id);
        Assert.Equal(200, spec.MaxEpisodeSteps);
        Assert.Null(spec.RewardThreshold);
        Assert.IsType<Pendulum>(spec.Factory());
    }

    [Fact]
    public void Make_wraps_in_time_limit_and_order_enforcing()
    {
        using var env = Skinner.Envs.Envs.Make("CartPole-v1");
        var limit = Assert.IsType<TimeLimit>(env);
        Assert.IsType<OrderEnforcing>(limit.Env);
        Assert.IsType<CartPole>(limit.Unwrapped);
        Assert.Throws<InvalidOperationException>(() => env.Step([0f]));
        env.Reset(0);
        Assert.Equal("CartPole-v1", env.Spec!.Id);
    }

    [Fact]
    public void Pendulum_truncates_at_200_steps()
    {
        using var env = Skinner.Envs.Envs.Make("Pendulum-v0");
        env.Reset(3);
        for (int t = 1; t <= 200; t++)
        {
            var r = env.Step([0.5f]);
            Assert.False(r.Terminated);
            Assert.Equal(t == 200, r.Truncated);
        }
    }

    [Fact]
    public void Every_classic_environment_observes_inside_its_space_and_acts_on_samples()
    {
        foreach (string id in (string[])["CartPole-v1", "Pendulum-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Acrobot-v1"])
        {
            using var env = Skinner.Envs.Envs.Make(id);
            env.ActionSpace.Seed(1);
            Assert.True(env.ObservationSpace.Contains(env.Reset(11).Observation), id);
            for (int t = 0; t < 50; t++)
            {
                var r = env.Step(env.ActionSpace.Sample());
                Assert.True(env.ObservationSpace.Contains(r.Observation), $"{id} step {t}");
                if (r.Done) env.Reset();
            }
            Assert.NotNull(env.Render());
        }
    }
}
