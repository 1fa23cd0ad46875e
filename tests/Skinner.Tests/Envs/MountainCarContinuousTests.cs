using Skinner.Envs.Classic;

namespace Skinner.Tests.Envs;

public class MountainCarContinuousTests
{
    [Fact]
    public void The_state_becomes_float32_after_a_step()
    {
        var env = new MountainCarContinuous();
        env.Reset(0);
        Assert.False(env.StateIsFloat32);
        env.Step([0.3f]);
        Assert.True(env.StateIsFloat32);
        Assert.All(env.GetState(), v => Assert.Equal(v, (double)(float)v));
        env.SetState([-0.5, 0.0]);
        Assert.False(env.StateIsFloat32);
    }

    [Fact]
    public void The_force_is_clamped_but_the_reward_uses_the_raw_action()
    {
        var a = new MountainCarContinuous();
        var b = new MountainCarContinuous();
        a.Reset(0);
        b.Reset(0);
        var ra = a.Step([2f]);
        var rb = b.Step([1f]);
        // Clamped, the force is the Python float 1.0 (float64 arithmetic) instead of the float32 action:
        // the states agree to float32 precision.
        Assert.Equal(b.GetState()[0], a.GetState()[0], 6);
        Assert.Equal(-0.4, ra.Reward, 12);
        Assert.Equal(-0.1, rb.Reward, 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => a.Step([float.NaN]));
    }

    [Fact]
    public void Reaching_the_goal_pays_100_minus_the_action_cost()
    {
        var env = new MountainCarContinuous();
        env.Reset(0);
        env.SetState([0.44, 0.05]);
        var r = env.Step([0.5f]);
        Assert.True(r.Terminated);
        Assert.Equal(100.0 - (0.25 * 0.1), r.Reward, 12);
    }

    [Fact]
    public void Numpy_promotion_changes_later_steps()
    {
        var modern = new MountainCarContinuous();
        var legacy = new MountainCarContinuous(legacyNumpy1Promotion: true);
        modern.Reset(4);
        legacy.Reset(4);
        bool differ = false;
        for (int t = 0; t < 50; t++)
        {
            float a = (float)Math.Sin(t * 0.7);
            modern.Step([a]);
            legacy.Step([a]);
            differ |= !modern.GetState().SequenceEqual(legacy.GetState());
        }
        Assert.True(differ);
        Assert.Equal(modern.GetState()[0], legacy.GetState()[0], 3);
    }

    [Fact]
    public void Float32_state_can_be_loaded()
    {
        var env = new MountainCarContinuous();
        env.Reset(0);
        env.SetFloat32State([-0.5f, 0.01f]);
        Assert.True(env.StateIsFloat32);
        Assert.Equal([(double)-0.5f, (double)0.01f], env.GetState());
        Assert.Throws<ArgumentException>(() => env.SetFloat32State([1f]));
    }
}
