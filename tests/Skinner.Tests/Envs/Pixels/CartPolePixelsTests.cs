using Skinner.Envs;
using Skinner.Envs.Classic;
using Skinner.Envs.Pixels;
using Registry = Skinner.Envs.Envs;

namespace Skinner.Tests.Envs.Pixels;

public class CartPolePixelsTests
{
    [Fact]
    public void Observation_is_a_3_by_40_by_90_difference_and_zero_after_reset()
    {
        var env = new CartPolePixels(new CartPole());
        var box = (Box)env.ObservationSpace;
        Assert.Equal([3, 40, 90], box.Shape);
        var obs = env.Reset(0).Observation;
        Assert.Equal(3 * 40 * 90, obs.Length);
        Assert.All(obs, v => Assert.Equal(0f, v));
        Assert.All(env.Screen, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void A_moving_pole_gives_a_nonzero_difference_equal_to_screen_change()
    {
        var env = new CartPolePixels(new CartPole());
        env.Reset(0);
        float[] before = env.Screen;
        float[] diff = [];
        for (int t = 0; t < 5; t++) diff = env.Step([1f]).Observation;
        float[] after = env.Screen;
        Assert.Contains(diff, v => v != 0f);
        Assert.All(diff, v => Assert.InRange(v, -1f, 1f));
        // The last difference is the last screen minus the one before: one more step shows it.
        var next = env.Step([0f]).Observation;
        var latest = env.Screen;
        for (int i = 0; i < next.Length; i++) Assert.Equal(latest[i] - after[i], next[i]);
        Assert.NotEqual(before, after);
    }

    [Fact]
    public void The_pair_observation_is_the_screen_then_the_difference()
    {
        var plain = new CartPolePixels(new CartPole());
        var pair = new CartPolePixels(new CartPole(), withScreen: true);
        Assert.Equal([6, 40, 90], ((Box)pair.ObservationSpace).Shape);
        int n = 3 * 40 * 90;
        var first = pair.Reset(3).Observation;
        plain.Reset(3);
        Assert.Equal(pair.Screen, first[..n]);
        Assert.All(first[n..], v => Assert.Equal(0f, v));
        for (int t = 0; t < 4; t++)
        {
            float action = t % 2;
            var both = pair.Step([action]).Observation;
            var diff = plain.Step([action]).Observation;
            Assert.Equal(pair.Screen, both[..n]);
            Assert.Equal(diff, both[n..]);
        }
        Assert.Equal((200, 195.0), (Registry.Spec("CartPolePixelsPair-v0").MaxEpisodeSteps, Registry.Spec("CartPolePixelsPair-v0").RewardThreshold));
        Assert.Equal((500, 475.0), (Registry.Spec("CartPolePixelsPair-v1").MaxEpisodeSteps, Registry.Spec("CartPolePixelsPair-v1").RewardThreshold));
    }

    [Fact]
    public void The_crop_follows_the_cart_and_clamps_at_the_edges()
    {
        Assert.Equal((160, 0, 160, 360), CartPolePixels.CropBox(400, 600, 100));
        Assert.Equal((160, 120, 160, 360), CartPolePixels.CropBox(400, 600, 300));
        Assert.Equal((160, 240, 160, 360), CartPolePixels.CropBox(400, 600, 500));
    }

    [Fact]
    public void The_cart_is_in_the_middle_of_the_screen()
    {
        var env = new CartPolePixels(new CartPole());
        env.Reset(0);
        ((CartPole)env.Unwrapped).SetState([0.5, 0.0, 0.0, 0.0]);
        env.Step([0f]);
        float[] screen = env.Screen;
        // The crop keeps frame rows 160..319 and columns 182..541 (cart at column 362, the crop's middle).
        // Screen row 37 averages frame rows 308..311 (88..91 px above the bottom, the cart's lower half),
        // screen column 49 averages columns 378..381 (16..19 px right of the cart's centre): all black.
        int row = 37, column = 49;
        for (int c = 0; c < 3; c++) Assert.Equal(0f, screen[(((c * 40) + row) * 90) + column]);
        Assert.Equal(1f, screen[0]);
    }

    [Fact]
    public void Registered_with_the_cartpole_limits()
    {
        Assert.Equal((500, 475.0), (Registry.Spec("CartPolePixels-v1").MaxEpisodeSteps, Registry.Spec("CartPolePixels-v1").RewardThreshold));
        Assert.Equal((200, 195.0), (Registry.Spec("CartPolePixels-v0").MaxEpisodeSteps, Registry.Spec("CartPolePixels-v0").RewardThreshold));
        using var env = Registry.Make("CartPolePixels-v1");
        Assert.Equal(3 * 40 * 90, env.Reset(1).Observation.Length);
    }

    [Fact]
    public void Needs_a_cartpole()
    {
        Assert.Throws<ArgumentException>(() => new CartPolePixels(new Pendulum()));
    }
}
