using Skinner.Envs.Classic;
using Skinner.Envs.Pixels;

namespace Skinner.Envs;

public static partial class Envs
{
    // CartPole learnt from pictures (the PyTorch DQN tutorial's screen differences).
    static partial void RegisterPixels(Action<EnvSpec> add)
    {
        add(new EnvSpec("CartPolePixels-v0", () => new CartPolePixels(new CartPole()), 200, 195.0,
            "CartPole-v0 observed as the difference of two cropped 3x40x90 screens (PyTorch DQN tutorial)."));
        add(new EnvSpec("CartPolePixels-v1", () => new CartPolePixels(new CartPole()), 500, 475.0,
            "CartPole-v1 observed as the difference of two cropped 3x40x90 screens (PyTorch DQN tutorial)."));
        // The screen beside the difference: the pole's angle is visible even in a still frame.
        add(new EnvSpec("CartPolePixelsPair-v0", () => new CartPolePixels(new CartPole(), withScreen: true), 200, 195.0,
            "CartPole-v0 observed as the last cropped 3x40x90 screen and its difference from the one before (6x40x90)."));
        add(new EnvSpec("CartPolePixelsPair-v1", () => new CartPolePixels(new CartPole(), withScreen: true), 500, 475.0,
            "CartPole-v1 observed as the last cropped 3x40x90 screen and its difference from the one before (6x40x90)."));
    }
}
