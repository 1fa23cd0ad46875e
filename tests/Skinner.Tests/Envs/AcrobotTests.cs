using Skinner.Envs.Classic;
using Skinner.Envs.Rendering;

namespace Skinner.Tests.Envs;

public class AcrobotTests
{
    [Fact]
    public void Reset_state_is_float32_in_bounds()
    {
        var env = new Acrobot();
        for (long seed = 0; seed < 10; seed++)
        {
            env.Reset(seed);
            Assert.All(env.GetState(), v =>
            {
                Assert.InRange(v, -0.1, 0.1);
                Assert.Equal(v, (double)(float)v);
            });
        }
    }

    [Fact]
    public void Mirrored_state_and_torque_give_the_mirrored_motion()
    {
        var a = new Acrobot();
        var b = new Acrobot();
        a.Reset(0);
        b.Reset(0);
        a.SetState([0.3, -0.2, 0.5, -1.0]);
        b.SetState([-0.3, 0.2, -0.5, 1.0]);
        a.Step([2f]);
        b.Step([0f]);
        var sa = a.GetState();
        var sb = b.GetState();
        for (int i = 0; i < 4; i++) Assert.Equal(-sa[i], sb[i], 12);
    }

    [Fact]
    public void Tip_above_the_line_terminates_with_reward_zero()
    {
        var env = new Acrobot();
        env.Reset(0);
        env.SetState([Math.PI, 0.0, 0.0, 0.0]);
        var r = env.Step([1f]);
        Assert.True(r.Terminated);
        Assert.Equal(0.0, r.Reward);
        env.SetState([0.0, 0.0, 0.0, 0.0]);
        var down = env.Step([1f]);
        Assert.False(down.Terminated);
        Assert.Equal(-1.0, down.Reward);
    }

    [Fact]
    public void Terminal_test_is_gymnasiums_formula_on_random_states()
    {
        // Step skips the second cosine while cos θ1 >= 0, where the test cannot hold; this checks the skip
        // against Gymnasium's formula on the state each step leaves, first link up and down alike.
        var env = new Acrobot();
        env.Reset(0);
        var random = new Random(11);
        int terminal = 0;
        for (int i = 0; i < 20_000; i++)
        {
            double t1 = (random.NextDouble() * 2 - 1) * Math.PI, t2 = (random.NextDouble() * 2 - 1) * Math.PI;
            env.SetState([t1, t2, (random.NextDouble() * 2 - 1) * 4, (random.NextDouble() * 2 - 1) * 8]);
            var r = env.Step([random.Next(3)]);
            var s = env.GetState();
            bool expected = -Math.Cos(s[0]) - Math.Cos(s[1] + s[0]) > 1.0;
            Assert.Equal(expected, r.Terminated);
            Assert.Equal(expected ? 0.0 : -1.0, r.Reward);
            if (expected) terminal++;
        }
        Assert.InRange(terminal, 100, 19_900);
    }

    [Fact]
    public void Angles_are_wrapped_and_speeds_bounded()
    {
        var env = new Acrobot();
        env.Reset(0);
        env.SetState([3.1, -3.1, 12.5, -28.2]);
        env.Step([2f]);
        var s = env.GetState();
        Assert.InRange(s[0], -Math.PI, Math.PI);
        Assert.InRange(s[1], -Math.PI, Math.PI);
        Assert.InRange(s[2], -4 * Math.PI, 4 * Math.PI);
        Assert.InRange(s[3], -9 * Math.PI, 9 * Math.PI);
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step([3f]));
    }

    [Fact]
    public void Render_draws_links_joints_and_the_goal_line()
    {
        var env = new Acrobot();
        env.Reset(0);
        env.SetState([0.0, 0.0, 0.0, 0.0]);
        var frame = env.Render()!;
        Assert.Equal((500, 500), (frame.Height, frame.Width));
        Assert.Equal(Rgb.White, FrameAssert.At(frame, 0, 0));
        double scale = 500 / 4.4;
        // Hanging straight down: the first link's middle, the elbow joint, the second link.
        Assert.Equal(new Rgb(0, 204, 204), FrameAssert.AtYUp(frame, 250, 250 - (0.5 * scale)));
        Assert.Equal(new Rgb(204, 204, 0), FrameAssert.AtYUp(frame, 250, 250 - scale));
        Assert.Equal(new Rgb(0, 204, 204), FrameAssert.AtYUp(frame, 250, 250 - (1.6 * scale)));
        Assert.Equal(Rgb.Black, FrameAssert.AtYUp(frame, 30, 250 + scale));
    }

    // The dynamics take sine and cosine together from Math.SinCos; they must be the bits of Math.Sin and Math.Cos.
    [Fact]
    public void SinCos_equals_Sin_and_Cos_bit_for_bit()
    {
        var random = new Random(11);
        for (int i = 0; i < 1_000_000; i++)
        {
            double x = ((2 * random.NextDouble()) - 1) * Math.Pow(2, random.Next(-20, 8));
            var (sin, cos) = Math.SinCos(x);
            Assert.Equal(BitConverter.DoubleToInt64Bits(Math.Sin(x)), BitConverter.DoubleToInt64Bits(sin));
            Assert.Equal(BitConverter.DoubleToInt64Bits(Math.Cos(x)), BitConverter.DoubleToInt64Bits(cos));
        }
    }
}
