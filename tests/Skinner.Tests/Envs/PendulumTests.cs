using Skinner.Envs.Classic;
using Skinner.Envs.Rendering;

namespace Skinner.Tests.Envs;

public class PendulumTests
{
    [Fact]
    public void Step_follows_the_equations()
    {
        var env = new Pendulum();
        env.Reset(0);
        env.SetState([0.5, -1.0]);
        var r = env.Step([1.0f]);
        // NumPy 2 computes 0.001·u² in float32: the constant is float32(0.001).
        double cost = Math.Pow(0.5, 2) + (0.1 * 1.0) + (double)(float)0.001;
        double thetaDot = -1.0 + (((15.0 * Math.Sin(0.5)) + 3.0) * 0.05);
        Assert.Equal(-cost, r.Reward);
        Assert.Equal([0.5 + (thetaDot * 0.05), thetaDot], env.GetState());
        Assert.False(r.Terminated);
        Assert.Equal((float)Math.Cos(env.GetState()[0]), r.Observation[0]);
    }

    [Fact]
    public void Torque_is_clipped_but_nan_is_an_error()
    {
        var a = new Pendulum();
        var b = new Pendulum();
        a.Reset(1);
        b.Reset(1);
        Assert.Equal(b.Step([2f]).Reward, a.Step([50f]).Reward);
        Assert.Equal(b.GetState(), a.GetState());
        Assert.Equal(2f, a.LastTorque);
        Assert.Throws<ArgumentOutOfRangeException>(() => a.Step([float.NaN]));
        Assert.Throws<ArgumentException>(() => a.Step([1f, 1f]));
    }

    [Fact]
    public void Speed_is_clipped_at_eight()
    {
        var env = new Pendulum();
        env.Reset(0);
        env.SetState([Math.PI / 2, 7.99]);
        env.Step([2f]);
        Assert.Equal(8.0, env.GetState()[1]);
    }

    [Fact]
    public void Angle_normalize_uses_python_remainder()
    {
        Assert.Equal(-Math.PI, Pendulum.AngleNormalize(Math.PI));
        Assert.Equal(0.5, Pendulum.AngleNormalize(0.5 + (4 * Math.PI)), 12);
        Assert.Equal(-0.5, Pendulum.AngleNormalize(-0.5 - (4 * Math.PI)), 12);
    }

    [Fact]
    public void Numpy_promotion_changes_the_float32_torque_terms()
    {
        // 0.3f is not exact, so 0.001·u² and 3·u round differently in float32 and float64.
        var modern = new Pendulum();
        var legacy = new Pendulum(legacyNumpy1Promotion: true);
        modern.Reset(0);
        legacy.Reset(0);
        double rm = modern.Step([0.3f]).Reward, rl = legacy.Step([0.3f]).Reward;
        Assert.NotEqual(rm, rl);
        Assert.Equal(rm, rl, 6);
    }

    [Fact]
    public void Reset_options_bound_the_initial_state()
    {
        var env = new Pendulum();
        for (long seed = 0; seed < 20; seed++)
        {
            env.Reset(seed, new Dictionary<string, object> { ["x_init"] = 0.1, ["y_init"] = 0.2 });
            var s = env.GetState();
            Assert.InRange(s[0], -0.1, 0.1);
            Assert.InRange(s[1], -0.2, 0.2);
        }
        Assert.Throws<ArgumentException>(() => env.Reset(0, new Dictionary<string, object> { ["low"] = 0.1 }));
        Assert.Null(env.LastTorque);
    }

    [Fact]
    public void Render_draws_the_rod_from_the_pivot()
    {
        var env = new Pendulum();
        env.Reset(0);
        env.SetState([0.0, 0.0]);
        var frame = env.Render()!;
        Assert.Equal((500, 500), (frame.Height, frame.Width));
        Assert.Equal(Rgb.White, FrameAssert.At(frame, 0, 0));
        Assert.Equal(Rgb.Black, FrameAssert.AtYUp(frame, 250, 250));
        // θ = 0 points up: the rod runs from the pivot to (250, 250 + 113.6).
        Assert.Equal(new Rgb(204, 77, 77), FrameAssert.AtYUp(frame, 250, 300));
        Assert.Equal(new Rgb(204, 77, 77), FrameAssert.AtYUp(frame, 250, 363));
        Assert.Equal(Rgb.White, FrameAssert.AtYUp(frame, 250, 200));
        env.SetState([Math.PI, 0.0]);
        Assert.Equal(new Rgb(204, 77, 77), FrameAssert.AtYUp(env.Render()!, 250, 200));
    }

    [Fact]
    public void Render_shows_the_torque_once_a_step_has_applied_one()
    {
        var env = new Pendulum();
        env.Reset(0);
        env.SetState([Math.PI, 0.0]);
        int before = Black(env.Render()!);
        env.Step([2f]);
        env.SetState([Math.PI, 0.0]);
        int after = Black(env.Render()!);
        // The axle alone is about π·5² pixels; the arrow adds a ring of a few hundred.
        Assert.InRange(before, 60, 100);
        Assert.True(after > before + 100, $"{after} black pixels with the torque arrow, {before} without.");
    }

    private static int Black(Frame frame)
    {
        int n = 0;
        for (int i = 0; i < frame.Rgb.Length; i += 3)
            if (frame.Rgb[i] == 0 && frame.Rgb[i + 1] == 0 && frame.Rgb[i + 2] == 0) n++;
        return n;
    }
}
