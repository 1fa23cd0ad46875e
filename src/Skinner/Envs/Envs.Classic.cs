using Skinner.Envs.Classic;

namespace Skinner.Envs;

public static partial class Envs
{
    // Gymnasium's classic-control registrations (time limits and thresholds as gymnasium/envs/__init__.py).
    static partial void RegisterClassic(Action<EnvSpec> add)
    {
        add(new EnvSpec("CartPole-v0", () => new CartPole(), 200, 195.0,
            "Balance a pole on a cart pushed left or right; +1 per step, 200 steps (Gymnasium classic control)."));
        add(new EnvSpec("CartPole-v1", () => new CartPole(), 500, 475.0,
            "Balance a pole on a cart pushed left or right; +1 per step, 500 steps (Gymnasium classic control)."));
        add(new EnvSpec("Pendulum-v0", () => new Pendulum(), 200, null,
            "Swing a pendulum up and hold it with a torque in [-2, 2]; the old Gym id, same dynamics as Pendulum-v1."));
        add(new EnvSpec("Pendulum-v1", () => new Pendulum(), 200, null,
            "Swing a pendulum up and hold it with a torque in [-2, 2]; 200 steps (Gymnasium classic control)."));
        add(new EnvSpec("MountainCar-v0", () => new MountainCar(), 200, -110.0,
            "Drive an underpowered car up a hill by rocking it; 3 discrete actions, -1 per step (Gymnasium classic control)."));
        add(new EnvSpec("MountainCarContinuous-v0", () => new MountainCarContinuous(), 999, 90.0,
            "Drive an underpowered car up a hill with a force in [-1, 1]; +100 at the flag minus 0.1*a^2 (Gymnasium classic control)."));
        add(new EnvSpec("Acrobot-v1", () => new Acrobot(), 500, -100.0,
            "Swing a two-link arm's tip above a line with a torque on the elbow; -1 per step (Gymnasium classic control)."));
    }
}
