using Skinner.Envs;
using Skinner.Envs.Classic;
using Skinner.Envs.Rendering;

namespace Skinner.Tests.Envs;

public class CartPoleTests
{
    [Fact]
    public void One_step_from_rest_matches_the_hand_computed_euler_step()
    {
        var env = new CartPole();
        env.Reset(0);
        env.SetState([0.0, 0.0, 0.0, 0.0]);
        var r = env.Step([1f]);
        // At θ = 0: temp = F / M, θ̈ = −temp / (l (4/3 − m_p / M)), ẍ = temp − m_p l θ̈ / M.
        double temp = 10.0 / 1.1;
        double thetaAcc = -temp / (0.5 * ((4.0 / 3.0) - (0.1 / 1.1)));
        double xAcc = temp - (0.05 * thetaAcc / 1.1);
        double[] s = env.GetState();
        Assert.Equal(0.0, s[0]);
        Assert.Equal(0.02 * xAcc, s[1], 15);
        Assert.Equal(0.0, s[2]);
        Assert.Equal(0.02 * thetaAcc, s[3], 15);
        Assert.Equal(1.0, r.Reward);
        Assert.False(r.Terminated);
        Assert.Equal([(float)s[0], (float)s[1], (float)s[2], (float)s[3]], r.Observation);
    }

    [Fact]
    public void Terminates_past_the_track_edge_and_rewards_zero_after_termination()
    {
        var env = new CartPole();
        env.Reset(1);
        env.SetState([2.4, 1.0, 0.0, 0.0]);
        var first = env.Step([1f]);
        Assert.True(first.Terminated);
        Assert.Equal(1.0, first.Reward);
        Assert.Equal(0.0, env.Step([1f]).Reward);
        env.Reset(1);
        env.SetState([0.0, 0.0, CartPole.ThetaThreshold, 1.0]);
        Assert.True(env.Step([0f]).Terminated);
    }

    [Fact]
    public void Sutton_barto_reward_is_zero_then_minus_one()
    {
        var env = new CartPole(suttonBartoReward: true);
        env.Reset(2);
        Assert.Equal(0.0, env.Step([0f]).Reward);
        env.SetState([2.4, 1.0, 0.0, 0.0]);
        Assert.Equal(-1.0, env.Step([1f]).Reward);
        Assert.Equal(-1.0, env.Step([1f]).Reward);
    }

    [Fact]
    public void Seeded_reset_is_reproducible_and_follows_the_bounds_option()
    {
        var a = new CartPole();
        var b = new CartPole();
        Assert.Equal(a.Reset(7).Observation, b.Reset(7).Observation);
        Assert.NotEqual(a.Reset(8).Observation, b.Reset(7).Observation);
        // Without a seed the stream goes on: the next reset differs from the seeded one.
        Assert.NotEqual(a.Reset().Observation, b.Reset(8).Observation);
        a.Reset(3, new Dictionary<string, object> { ["low"] = 0.5, ["high"] = 0.6 });
        Assert.All(a.GetState(), v => Assert.InRange(v, 0.5, 0.6));
    }

    [Fact]
    public void Bad_reset_options_and_actions_are_errors()
    {
        var env = new CartPole();
        Assert.Throws<ArgumentException>(() => env.Reset(0, new Dictionary<string, object> { ["low"] = 1.0, ["high"] = 0.0 }));
        Assert.Throws<ArgumentException>(() => env.Reset(0, new Dictionary<string, object> { ["lo"] = 1.0 }));
        Assert.Throws<ArgumentException>(() => env.Reset(0, new Dictionary<string, object> { ["low"] = "a" }));
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Reset(-1));
        env.Reset(0);
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step([2f]));
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step([-1f]));
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step([0.5f]));
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step([float.NaN]));
        Assert.Throws<ArgumentException>(() => env.Step([0f, 1f]));
        Assert.Throws<ArgumentException>(() => env.Step([]));
    }

    [Fact]
    public void Render_draws_cart_pole_axle_and_track_where_gymnasium_does()
    {
        var env = new CartPole();
        env.Reset(0);
        env.SetState([1.0, 0.0, 0.3, 0.0]);
        var frame = env.Render()!;
        Assert.Equal((400, 600), (frame.Height, frame.Width));
        Assert.Equal(Rgb.White, FrameAssert.At(frame, 0, 0));
        Assert.Equal(Rgb.White, FrameAssert.At(frame, 599, 399));
        double cartX = (1.0 * 125) + 300;
        // The cart's lower half (the pole and axle sit above its centre).
        Assert.Equal(Rgb.Black, FrameAssert.AtYUp(frame, cartX, 92));
        Assert.Equal(Rgb.Black, FrameAssert.AtYUp(frame, cartX + 20, 110));
        Assert.Equal(Rgb.White, FrameAssert.AtYUp(frame, cartX + 30, 110));
        // The axle at (int(cartx), 107).
        Assert.Equal(new Rgb(129, 132, 203), FrameAssert.AtYUp(frame, (int)cartX, 107));
        // 80 px up the pole, leaning right by 0.3 rad (rotated by −θ).
        Assert.Equal(new Rgb(202, 152, 101), FrameAssert.AtYUp(frame, cartX + (80 * Math.Sin(0.3)), 107.5 + (80 * Math.Cos(0.3))));
        // The track, far from the cart.
        Assert.Equal(Rgb.Black, FrameAssert.AtYUp(frame, 20, 100));
        Assert.Equal(Rgb.White, FrameAssert.AtYUp(frame, 20, 102));
    }

    [Fact]
    public void Observation_space_is_gymnasiums()
    {
        var box = (Box)new CartPole().ObservationSpace;
        Assert.Equal([4.8f, float.PositiveInfinity, 0.41887903f, float.PositiveInfinity], box.High);
        Assert.Equal(2, ((Discrete)new CartPole().ActionSpace).N);
    }
}
