using Skinner.Envs.Swingup;

namespace Skinner.Envs;

public static partial class Envs
{
    // pybullet_envs registers the swing-up with a 1000-step limit and a reward threshold of 800; the Bullet
    // id is kept as an alias so that scripts written for pybullet_envs run unchanged.
    static partial void RegisterSwingup(Action<EnvSpec> add)
    {
        add(new EnvSpec(
            "InvertedPendulumSwingup-v0", () => new InvertedPendulumSwingup(), 1000, 800.0,
            "Swing a pole on a cart up from hanging and balance it with a force in [-1, 1]; cos θ per step, 1000 steps (PyBullet, re-derived in C#)."));
        add(new EnvSpec(
            "InvertedPendulumSwingupBulletEnv-v0", () => new InvertedPendulumSwingup(), 1000, 800.0,
            "PyBullet's id for InvertedPendulumSwingup-v0 (same environment)."));
    }
}
