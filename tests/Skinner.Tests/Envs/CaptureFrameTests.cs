using System.Reflection;
using Skinner.Envs;
using Skinner.Envs.Rendering;
using Skinner.Envs.Wrappers;
using Skinner.Tests.Envs.Testing;

namespace Skinner.Tests.Envs;

public class CaptureFrameTests
{
    public static TheoryData<string> Drawn => new()
    {
        "CartPole-v1", "Pendulum-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Acrobot-v1",
        "InvertedPendulumSwingup-v0", "MinAtar/Freeway-v1", "CartPolePixels-v1",
    };

    [Theory]
    [MemberData(nameof(Drawn))]
    public void ACaptureDrawsTheMomentItWasTakenAtEvenAfterTheEnvironmentMovesOn(string id)
    {
        using var env = Skinner.Envs.Envs.Make(id);
        env.Reset(seed: 11);
        bool discrete = env.ActionSpace is Discrete;
        float[] Action(int i) => discrete ? [i % 2] : [0.7f];
        for (int i = 0; i < 3; i++) env.Step(Action(i));
        var capture = env.CaptureFrame()!;
        var now = env.Render()!;
        Assert.False(capture.IsDrawn);   // deferred: no pixels drawn on the stepping thread
        for (int i = 0; i < 10; i++) env.Step(Action(i));
        Assert.NotEqual(now.Rgb, env.Render()!.Rgb);
        var later = capture.Draw();
        Assert.Equal((now.Height, now.Width), (later.Height, later.Width));
        Assert.Equal(now.Rgb, later.Rgb);
    }

    [Fact]
    public void AnEnvironmentWithoutADeferredCaptureDrawsAtOnce()
    {
        using var env = new RandomWalkEnv();
        env.Reset(seed: 2);
        var capture = ((IEnv)env).CaptureFrame()!;
        Assert.True(capture.IsDrawn);
        Assert.Equal(env.Render()!.Rgb, capture.Draw().Rgb);
        Assert.Null(((IEnv)new EchoEnv()).CaptureFrame());
    }

    [Fact]
    public void OrderEnforcingRefusesACaptureBeforeReset()
    {
        using var env = new OrderEnforcing(new RandomWalkEnv());
        Assert.Throws<InvalidOperationException>(() => env.CaptureFrame());
    }

    [Fact]
    public void EveryWrapperThatDrawsItsOwnPictureCapturesItToo()
    {
        // A wrapper overriding Render but not CaptureFrame would record the wrapped environment's picture.
        var wrappers = typeof(Wrapper).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(Wrapper))).ToList();
        Assert.NotEmpty(wrappers);
        foreach (var t in wrappers)
        {
            bool Overrides(string name) =>
                t.GetMethod(name, BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes)!.DeclaringType != typeof(Wrapper);
            if (Overrides(nameof(Wrapper.Render))) Assert.True(Overrides(nameof(Wrapper.CaptureFrame)), $"{t.Name} overrides Render but not CaptureFrame");
        }
    }
}
