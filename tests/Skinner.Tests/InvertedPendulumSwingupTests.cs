using Skinner.Envs;
using Skinner.Envs.Rendering;
using Skinner.Envs.Swingup;
using Registry = Skinner.Envs.Envs;

namespace Skinner.Tests;

public class InvertedPendulumSwingupTests
{
    private static readonly double s_upright = -SwingupModel.ComAngle;

    [Fact]
    public void Spaces_are_one_force_in_minus_one_to_one_and_five_observations()
    {
        using var env = new InvertedPendulumSwingup();
        var action = Assert.IsType<Box>(env.ActionSpace);
        Assert.Equal([1], action.Shape);
        Assert.Equal([-1f], action.Low);
        Assert.Equal([1f], action.High);
        var obs = Assert.IsType<Box>(env.ObservationSpace);
        Assert.Equal([5], obs.Shape);
        Assert.All(obs.Low, v => Assert.Equal(float.NegativeInfinity, v));
    }

    [Fact]
    public void Reset_starts_at_rest_hanging_within_the_noise()
    {
        using var env = new InvertedPendulumSwingup();
        for (long seed = 0; seed < 50; seed++)
        {
            var obs = env.Reset(seed).Observation;
            Assert.Equal(5, obs.Length);
            Assert.Equal(0f, obs[0]);
            Assert.Equal(0f, obs[1]);
            Assert.Equal(0f, obs[4]);
            double theta = env.State.Theta;
            Assert.InRange(theta, InvertedPendulumSwingup.HangingAngle - 0.1, InvertedPendulumSwingup.HangingAngle + 0.1);
            Assert.Equal((float)Math.Cos(theta), obs[2]);
            Assert.Equal((float)Math.Sin(theta), obs[3]);
        }
    }

    [Theory]
    // NumPy: np.random.default_rng(0).random() = 0.6369616873214543, default_rng(42).random() = 0.7739560485559633.
    [InlineData(0L, 0.6369616873214543)]
    [InlineData(42L, 0.7739560485559633)]
    public void Reset_draws_the_offset_from_numpys_generator(long seed, double firstDraw)
    {
        using var env = new InvertedPendulumSwingup();
        env.Reset(seed);
        Assert.Equal(3.1415 + (-0.1 + 0.2 * firstDraw), env.State.Theta, 15);
    }

    [Fact]
    public void Observation_is_slider_then_hinge()
    {
        using var env = new InvertedPendulumSwingup();
        env.Reset(3);
        var r = env.Step([0.25f]);
        var s = env.State;
        float[] expected = [(float)s.X, (float)s.XDot, (float)Math.Cos(s.Theta), (float)Math.Sin(s.Theta), (float)s.ThetaDot];
        Assert.Equal(expected, r.Observation);
        Assert.True(s.XDot > 0, "a positive action must push the cart towards +x");
    }

    [Fact]
    public void Step_applies_one_bullet_step_of_100_newtons_per_unit_action()
    {
        using var env = new InvertedPendulumSwingup();
        env.Reset(0);
        var start = new SwingupState(0.1, 0.4, 1.2, -0.8);
        env.State = start;
        env.Step([-0.6f]);
        var expected = SwingupModel.Step(start, 100 * (double)-0.6f, 0.0165, 0.04);
        Assert.Equal(expected, env.State);
    }

    [Fact]
    public void Actions_are_clipped_to_the_box()
    {
        using var a = new InvertedPendulumSwingup();
        using var b = new InvertedPendulumSwingup();
        a.Reset(7);
        b.Reset(7);
        for (int i = 0; i < 20; i++)
            Assert.Equal(a.Step([1f]).Observation, b.Step([5f]).Observation);
    }

    [Fact]
    public void Reward_is_cos_theta_after_the_step()
    {
        using var env = new InvertedPendulumSwingup();
        env.Reset(0);
        env.State = new SwingupState(0, 0, Math.PI, 0);
        var hanging = env.Step([0f]);
        Assert.Equal(Math.Cos(env.State.Theta), hanging.Reward);
        Assert.Equal(-1.0, hanging.Reward, 5);

        env.State = new SwingupState(0, 0, s_upright, 0);
        var upright = env.Step([0f]);
        Assert.Equal(Math.Cos(SwingupModel.ComAngle), upright.Reward);
        Assert.Equal(1.0, upright.Reward, 5);
        Assert.False(upright.Terminated || upright.Truncated);
    }

    [Fact]
    public void Upright_equilibrium_holds_and_the_geometric_upright_falls()
    {
        // The COM sits φ0 ≈ 1.7 mrad off the pole's axis, so balance is at θ = −φ0; there every force
        // is exactly zero and the state never moves.
        using var env = new InvertedPendulumSwingup();
        env.Reset(0);
        var balanced = new SwingupState(0, 0, s_upright, 0);
        env.State = balanced;
        for (int i = 0; i < 1000; i++) env.Step([0f]);
        Assert.Equal(balanced, env.State);

        // At θ = 0 the offset COM tips the pole towards +θ.
        env.State = new SwingupState(0, 0, 0, 0);
        env.Step([0f]);
        Assert.True(env.State.ThetaDot > 0);
        for (int i = 0; i < 300; i++) env.Step([0f]);
        Assert.True(env.State.Theta > 0.5, $"θ = {env.State.Theta}");
    }

    [Fact]
    public void Slider_limit_holds_under_a_constant_push()
    {
        foreach (float push in new[] { 1f, -1f })
        {
            using var env = new InvertedPendulumSwingup();
            env.Reset(1);
            double worst = 0;
            for (int i = 0; i < 1000; i++)
            {
                env.Step([push]);
                worst = Math.Max(worst, Math.Abs(env.State.X));
            }
            // Bullet's limit is not speculative: one step of travel past ±1 is allowed (at most a few cm here).
            Assert.InRange(worst, 1.0, 1.1);
            Assert.True(Math.Sign(env.State.X) == Math.Sign(push) && Math.Abs(env.State.X) > 0.9, $"x = {env.State.X}");
        }
    }

    [Fact]
    public void Slider_limit_holds_under_random_pushes()
    {
        using var env = new InvertedPendulumSwingup();
        env.Reset(11);
        var rng = new Random(5);
        for (int i = 0; i < 5000; i++)
        {
            float a = rng.NextDouble() < 0.5 ? (float)(rng.NextDouble() * 2 - 1) : (i / 150 % 2 == 0 ? 1f : -1f);
            env.Step([a]);
            Assert.InRange(env.State.X, -1.1, 1.1);
            Assert.True(double.IsFinite(env.State.Theta));
        }
    }

    [Fact]
    public void Same_seed_same_episode_and_different_seeds_differ()
    {
        float[][] Run(long seed)
        {
            using var env = new InvertedPendulumSwingup();
            var rows = new List<float[]> { env.Reset(seed).Observation };
            for (int i = 0; i < 200; i++) rows.Add(env.Step([MathF.Sin(i * 0.1f)]).Observation);
            return [.. rows];
        }

        Assert.Equal(Run(42), Run(42));
        Assert.NotEqual(Run(42)[0], Run(43)[0]);

        // Re-seeding the same instance restarts the stream; a reset without a seed continues it.
        using var e = new InvertedPendulumSwingup();
        var first = e.Reset(9).Observation;
        var second = e.Reset().Observation;
        Assert.Equal(first, e.Reset(9).Observation);
        Assert.Equal(second, e.Reset().Observation);
        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData("InvertedPendulumSwingup-v0")]
    [InlineData("InvertedPendulumSwingupBulletEnv-v0")]
    public void Registered_with_a_1000_step_limit_and_no_early_end(string id)
    {
        var spec = Registry.Spec(id);
        Assert.Equal(1000, spec.MaxEpisodeSteps);
        Assert.Equal(800.0, spec.RewardThreshold);

        using var env = Registry.Make(id);
        env.Reset(0);
        double total = 0;
        for (int t = 1; t <= 1000; t++)
        {
            var r = env.Step([0f]);
            total += r.Reward;
            Assert.False(r.Terminated);
            Assert.Equal(t == 1000, r.Truncated);
        }
        // Left hanging, the pole earns close to −1 per step.
        Assert.InRange(total, -1000, -990);
    }

    [Fact]
    public void A_hand_written_swing_up_controller_clears_the_reward_threshold()
    {
        // Energy pumping (push along θ̇·cos ψ while the pole's energy is short of upright's) and, within
        // 0.4 rad of upright, a linear balance law. It swings up in a few seconds and holds, so the task is
        // solvable on this model with its force limit, rail and drag, and the signs all agree.
        double threshold = Registry.Spec("InvertedPendulumSwingup-v0").RewardThreshold!.Value;
        foreach (long seed in new long[] { 0, 1, 2 })
        {
            using var env = Registry.Make("InvertedPendulumSwingup-v0");
            var inner = (InvertedPendulumSwingup)((Wrapper)env).Unwrapped;
            env.Reset(seed);
            double total = 0;
            bool truncated = false;
            while (!truncated)
            {
                var r = env.Step([SwingUpController(inner.State)]);
                total += r.Reward;
                truncated = r.Truncated;
            }
            Assert.True(total > threshold, $"seed {seed}: return {total} is not above {threshold}");
        }
    }

    [Fact]
    public void Render_draws_rail_cart_and_pole_where_the_state_puts_them()
    {
        using var env = new InvertedPendulumSwingup();
        env.Reset(0);
        env.State = new SwingupState(0.5, 0, Math.PI, 0);
        var hanging = env.Render()!;
        Assert.Equal(SwingupRenderer.Width, hanging.Width);
        Assert.Equal(SwingupRenderer.Height, hanging.Height);
        Assert.Equal(SwingupRenderer.CartColor, PixelAt(hanging, 0.65, 0));
        Assert.Equal(SwingupRenderer.PoleColor, PixelAt(hanging, 0.5, -0.3));
        Assert.Equal(SwingupRenderer.Background, PixelAt(hanging, 0.5, 0.3));
        Assert.Equal(SwingupRenderer.RailColor, PixelAt(hanging, -0.8, 0));
        Assert.Equal(SwingupRenderer.Background, PixelAt(hanging, -1.2, 0.6));

        env.State = new SwingupState(-0.5, 0, 0, 0);
        var upright = env.Render()!;
        Assert.Equal(SwingupRenderer.PoleColor, PixelAt(upright, -0.5, 0.3));
        Assert.Equal(SwingupRenderer.Background, PixelAt(upright, -0.5, -0.3));
        Assert.Equal(SwingupRenderer.RailColor, PixelAt(upright, 0.65, 0));
        Assert.NotSame(hanging, env.Render());
    }

    [Fact]
    public void Bad_actions_and_options_are_refused_with_a_reason()
    {
        using var env = new InvertedPendulumSwingup();
        env.Reset(0);
        var wrongLength = Assert.Throws<ArgumentException>(() => env.Step([0f, 1f]));
        Assert.Contains("1 float", wrongLength.Message, StringComparison.Ordinal);
        var nan = Assert.Throws<ArgumentException>(() => env.Step([float.NaN]));
        Assert.Contains("non-finite", nan.Message, StringComparison.Ordinal);
        var options = Assert.Throws<ArgumentException>(() => env.Reset(0, new Dictionary<string, object> { ["low"] = -0.2 }));
        Assert.Contains("low", options.Message, StringComparison.Ordinal);
    }

    private static float SwingUpController(SwingupState s)
    {
        double m = SwingupModel.PoleMass, d = SwingupModel.ComDistance;
        double psi = s.Theta + SwingupModel.ComAngle;
        double lean = Math.Atan2(Math.Sin(psi), Math.Cos(psi));
        double a;
        if (Math.Abs(lean) < 0.4)
        {
            a = 8 * lean + 1.2 * s.ThetaDot + 0.6 * s.X + 1.0 * s.XDot;
        }
        else
        {
            double energy = 0.5 * (SwingupModel.PoleInertia + m * d * d) * s.ThetaDot * s.ThetaDot + m * SwingupModel.Gravity * d * (Math.Cos(psi) - 1);
            a = 0.3 * energy * s.ThetaDot * Math.Cos(psi) - 0.3 * s.X - 0.3 * s.XDot;
        }
        return (float)Math.Clamp(a, -1, 1);
    }

    // The colour of the pixel containing world point (x, z), with the renderer's y-up mapping.
    private static Rgb PixelAt(Frame frame, double x, double z)
    {
        var (column, rowUp) = SwingupRenderer.ToPixels(x, z);
        int row = frame.Height - 1 - (int)Math.Floor(rowUp);
        int k = ((row * frame.Width) + (int)Math.Floor(column)) * 3;
        return new Rgb(frame.Rgb[k], frame.Rgb[k + 1], frame.Rgb[k + 2]);
    }
}
