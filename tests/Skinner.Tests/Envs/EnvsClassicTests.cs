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

    [Theory]
    [InlineData("CartPole-v1")]
    [InlineData("MountainCar-v0")]
    [InlineData("Acrobot-v1")]
    public void Discrete_actions_are_accepted_exactly_when_the_space_contains_them(string id)
    {
        // The environments check a Discrete action with a conversion and two comparisons instead of
        // Discrete.Contains: the same set, edge cases included.
        float[] candidates =
        [
            0f, -0f, 1f, 2f, 3f, -1f, 0.5f, 1.5f, 0.999999f, 1.0000001f, float.Epsilon, -float.Epsilon,
            float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1e10f, -1e10f, int.MaxValue, int.MinValue, 4294967296f,
        ];
        foreach (float a in candidates)
        {
            var env = (ClassicControlEnv)Skinner.Envs.Envs.Spec(id).Factory();
            env.Reset(0);
            bool accepted;
            try
            {
                env.Step([a]);
                accepted = true;
            }
            catch (ArgumentException)
            {
                accepted = false;
            }
            Assert.True(env.ActionSpace.Contains([a]) == accepted, $"{id}: action {a} accepted {accepted}");
        }
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
