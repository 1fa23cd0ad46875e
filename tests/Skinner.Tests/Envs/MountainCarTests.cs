using Skinner.Envs.Classic;
using Skinner.Envs.Rendering;

namespace Skinner.Tests.Envs;

public class MountainCarTests
{
    [Fact]
    public void Step_follows_the_equations()
    {
        var env = new MountainCar();
        env.Reset(0);
        env.SetState([-0.5, 0.01]);
        var r = env.Step([2f]);
        double v = 0.01 + (0.001 + (Math.Cos(3 * -0.5) * -0.0025));
        Assert.Equal([-0.5 + v, v], env.GetState());
        Assert.Equal(-1.0, r.Reward);
        Assert.False(r.Terminated);
    }

    [Fact]
    public void The_left_wall_stops_the_car_and_the_goal_ends_the_episode()
    {
        var env = new MountainCar();
        env.Reset(0);
        env.SetState([-1.19, -0.07]);
        env.Step([0f]);
        Assert.Equal([-1.2, 0.0], env.GetState());
        env.SetState([0.49, 0.05]);
        Assert.True(env.Step([1f]).Terminated);
    }

    [Fact]
    public void Reset_draws_the_position_in_its_bounds_with_zero_velocity()
    {
        var env = new MountainCar();
        for (long seed = 0; seed < 20; seed++)
        {
            var obs = env.Reset(seed).Observation;
            Assert.InRange(obs[0], -0.6f, -0.4f);
            Assert.Equal(0f, obs[1]);
        }
        env.Reset(0, new Dictionary<string, object> { ["low"] = -1.0, ["high"] = -0.9 });
        Assert.InRange(env.GetState()[0], -1.0, -0.9);
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step([3f]));
    }

    [Fact]
    public void Render_draws_the_car_on_the_hill_and_the_flag()
    {
        var env = new MountainCar();
        env.Reset(0);
        env.SetState([-0.5, 0.0]);
        var frame = env.Render()!;
        Assert.Equal((400, 600), (frame.Height, frame.Width));
        Assert.Equal(Rgb.White, FrameAssert.At(frame, 0, 0));
        double scale = 600 / 1.8;
        double x = (-0.5 + 1.2) * scale, y = 10 + (((Math.Sin(-1.5) * 0.45) + 0.55) * scale);
        // The body's middle, half its height above the base along the tilted normal.
        double angle = Math.Cos(-1.5);
        Assert.Equal(Rgb.Black, FrameAssert.AtYUp(frame, x - (Math.Sin(angle) * 14), y + (Math.Cos(angle) * 14)));
        int flagX = (int)((0.5 + 1.2) * scale), flagY = (int)(((Math.Sin(1.5) * 0.45) + 0.55) * scale) + 45;
        Assert.Equal(new Rgb(204, 204, 0), FrameAssert.AtYUp(frame, flagX + 5, flagY));
    }
}
