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
    }
}
