using Skinner.Envs.Swingup;

namespace Skinner.Tests;

public class SwingupModelTests
{
    private const double Dt = SwingupModel.TimeStep;

    // Hanging equilibrium: the COM is straight below the hinge when θ + φ0 = π.
    private static double Hanging => Math.PI - SwingupModel.ComAngle;

    [Fact]
    public void Constants_are_the_spec_numbers()
    {
        // environments.md §8.2: masses from geometry at density 1000, COM offset, AABB box inertia.
        Assert.Equal(10.471975511965978, SwingupModel.CartMass, 12);
        Assert.Equal(5.018591641363305, SwingupModel.PoleMass, 12);
        Assert.Equal(0.6000008333, SwingupModel.PoleLength, 10);
        Assert.Equal(0.30000041667, SwingupModel.ComDistance, 10);
        Assert.Equal(0.0016667, SwingupModel.ComAngle, 7);
        Assert.Equal(5.018591641363305 / 12 * (0.179 * 0.179 + 0.778 * 0.778), SwingupModel.PoleInertia, 12);
        Assert.Equal(0.266539, SwingupModel.PoleInertia, 6);
    }

    [Fact]
    public void Accelerations_satisfy_Euler_Lagrange_built_from_the_kinematics_alone()
    {
        // An independent route to the equations: write L(q, q̇) from the COM's position (the local COM point
        // (0.0005, 0, 0.3) rotated about y by θ), differentiate it numerically, and check
        // d/dt ∂L/∂q̇ − ∂L/∂q = (F, 0) at the model's accelerations (drag off, so Q = 0).
        var states = new[]
        {
            new SwingupState(0.2, -0.7, 2.1, 1.3),
            new SwingupState(-0.5, 1.9, -0.4, -3.2),
            new SwingupState(0.0, 0.0, 1.0, 0.0),
        };
        foreach (var s in states)
        {
            const double force = 37.5;
            var (xAcc, thetaAcc) = SwingupModel.Accelerations(s, force, damping: 0);
            double[] q = [s.X, s.Theta], v = [s.XDot, s.ThetaDot], a = [xAcc, thetaAcc];
            for (int i = 0; i < 2; i++)
            {
                // d/dt ∂L/∂q̇i = Σj ∂²L/∂q̇i∂q̇j·q̈j + Σj ∂²L/∂q̇i∂qj·q̇j
                double total = 0;
                for (int j = 0; j < 2; j++)
                    total += MixedSecond(q, v, i, j, velocityFirst: true) * a[j] + MixedSecond(q, v, i, j, velocityFirst: false) * v[j];
                double dLdq = Partial(q, v, i);
                double residual = total - dLdq - (i == 0 ? force : 0);
                Assert.True(Math.Abs(residual) < 1e-6, $"Euler-Lagrange residual {residual} in coordinate {i} at {s}");
            }
        }
    }

    [Fact]
    public void First_step_matches_the_spec_equations_by_hand()
    {
        // §8.3 written out directly, with drag: the cart's −M·ẋ(k + k|ẋ|), the pole COM's −m·v(k + k|v|)
        // projected through ∂r/∂q, and the pole torque −I·θ̇(k + k|θ̇|); then semi-implicit Euler.
        const double M = 10.471975511965978, m = 5.018591641363305, g = 9.8, k = 0.04, F = 70.0;
        double I = m / 12 * (0.179 * 0.179 + 0.778 * 0.778);
        double d = Math.Sqrt(0.3 * 0.3 + 0.0005 * 0.0005), phi0 = Math.Atan2(0.0005, 0.3);
        double x = 0.3, xd = -0.5, th = 2.0, thd = 1.5;

        double psi = th + phi0;
        double vx = xd + d * Math.Cos(psi) * thd, vz = -d * Math.Sin(psi) * thd;
        double speed = Math.Sqrt(vx * vx + vz * vz);
        double fx = -m * vx * (k + k * speed), fz = -m * vz * (k + k * speed);
        double qx = -M * xd * (k + k * Math.Abs(xd)) + fx;
        double qth = fx * d * Math.Cos(psi) + fz * (-d * Math.Sin(psi)) - I * thd * (k + k * Math.Abs(thd));
        // [[M+m, m d cosψ], [m d cosψ, I + m d²]]·q̈ = [F + Qx + m d sinψ θ̇², Qθ + m g d sinψ]
        double a11 = M + m, a12 = m * d * Math.Cos(psi), a22 = I + m * d * d;
        double b1 = F + qx + m * d * Math.Sin(psi) * thd * thd, b2 = qth + m * g * d * Math.Sin(psi);
        double det = a11 * a22 - a12 * a12;
        double xdd = (a22 * b1 - a12 * b2) / det, thdd = (a11 * b2 - a12 * b1) / det;

        double xd1 = xd + xdd * Dt, thd1 = thd + thdd * Dt;
        var next = SwingupModel.Step(new SwingupState(x, xd, th, thd), F, Dt, SwingupModel.DefaultLinkDamping);

        Assert.Equal(xd1, next.XDot, 12);
        Assert.Equal(thd1, next.ThetaDot, 12);
        Assert.Equal(x + xd1 * Dt, next.X, 12);
        Assert.Equal(th + thd1 * Dt, next.Theta, 12);
        // The drag must matter at this state, or the comparison above would not test it.
        var undamped = SwingupModel.Step(new SwingupState(x, xd, th, thd), F, Dt, 0);
        Assert.True(Math.Abs(undamped.ThetaDot - next.ThetaDot) > 1e-4);
    }

    [Fact]
    public void Energy_is_conserved_to_first_order_in_the_time_step()
    {
        // Semi-implicit Euler keeps the energy error bounded by O(Δt) over a short horizon: with no drag
        // and no force, halving Δt halves the worst error, and at Bullet's Δt it stays under 1 % of m·g·d
        // for a 0.5 rad swing over 2 s.
        var start = new SwingupState(0, 0, Hanging + 0.5, 0);
        double scale = SwingupModel.PoleMass * SwingupModel.Gravity * SwingupModel.ComDistance;
        double e1 = MaxEnergyError(start, Dt, 2.0), e2 = MaxEnergyError(start, Dt / 2, 2.0), e4 = MaxEnergyError(start, Dt / 4, 2.0);

        Assert.True(e1 / scale < 0.01, $"energy error {e1 / scale:P3} of m·g·d at Δt = {Dt}");
        Assert.InRange(e1 / e2, 1.7, 2.3);
        Assert.InRange(e2 / e4, 1.7, 2.3);
    }

    [Fact]
    public void Small_swings_of_the_hanging_pole_have_the_linearised_period()
    {
        // Linearising about ψ = π with the cart free: (M + m)ẍ − m·d·φ̈ = 0 and −m·d·ẍ + (I + m·d²)φ̈ = −m·g·d·φ
        // for φ = ψ − π, so ω² = (M + m)·m·g·d / ((M + m)(I + m·d²) − (m·d)²).
        double mm = SwingupModel.CartMass + SwingupModel.PoleMass, m = SwingupModel.PoleMass, d = SwingupModel.ComDistance;
        double a22 = SwingupModel.PoleInertia + m * d * d;
        double omega = Math.Sqrt(mm * m * SwingupModel.Gravity * d / (mm * a22 - m * d * m * d));
        double expected = 2 * Math.PI / omega;

        var s = new SwingupState(0, 0, Hanging + 0.01, 0);
        var crossings = new List<double>();
        double previous = s.Theta - Hanging;
        for (int i = 1; i <= 2000; i++)
        {
            s = SwingupModel.Step(s, 0, Dt, 0);
            double current = s.Theta - Hanging;
            if (previous > 0 && current <= 0) crossings.Add((i - 1 + previous / (previous - current)) * Dt);
            previous = current;
        }
        double period = (crossings[^1] - crossings[0]) / (crossings.Count - 1);

        Assert.True(crossings.Count > 20);
        Assert.Equal(1.2370, expected, 3);
        // The integrator's own frequency shift is about (ω·Δt)²/24 ≈ 3e-4.
        Assert.True(Math.Abs(period / expected - 1) < 1e-3, $"period {period} vs linearised {expected}");
    }

    [Fact]
    public void Slider_limit_pulls_a_shallow_overshoot_back_at_erp_rate()
    {
        // 1 cm past the upper limit, moving outwards at 2 m/s: the row cancels the velocity and adds
        // erp·0.01/Δt back towards the rail; the impulse also kicks the hinge through the mass matrix.
        const double x = 1.01, theta = 2.5, xDot = 2.0, thetaDot = 0.3;
        var (newXDot, newThetaDot) = SwingupModel.ApplySliderLimit(x, theta, xDot, thetaDot, Dt);

        Assert.Equal(-SwingupModel.LimitErp * 0.01 / Dt, newXDot, 9);
        double m = SwingupModel.PoleMass, d = SwingupModel.ComDistance;
        double a12 = m * d * Math.Cos(theta + SwingupModel.ComAngle), a22 = SwingupModel.PoleInertia + m * d * d;
        // Δq̇ = A⁻¹·J·λ, so Δθ̇ / Δẋ = (A⁻¹)θx / (A⁻¹)xx = −a12 / a22.
        Assert.Equal(thetaDot + (-a12 / a22) * (newXDot - xDot), newThetaDot, 9);
    }

    [Fact]
    public void Slider_limit_only_stops_a_deep_overshoot()
    {
        // Past the split-impulse depth (4 cm) only the approaching velocity is removed.
        var (xDot, _) = SwingupModel.ApplySliderLimit(-1.06, 1.0, -3.0, 0.0, Dt);
        Assert.Equal(0.0, xDot, 12);
    }

    [Fact]
    public void Slider_limit_leaves_a_cart_inside_or_leaving_alone()
    {
        Assert.Equal((0.7, -0.2), SwingupModel.ApplySliderLimit(0.99, 1.0, 0.7, -0.2, Dt));
        // Past the limit but already moving back inside faster than the correction asks: no pull.
        Assert.Equal((-3.0, 0.5), SwingupModel.ApplySliderLimit(1.01, 1.0, -3.0, 0.5, Dt));
    }

    [Fact]
    public void Slider_limit_impulse_is_capped()
    {
        // 20 m/s into the wall needs more than the 100 N·s cap: the velocity drops by exactly 100·(A⁻¹)xx.
        const double theta = 0.7;
        var (xDot, _) = SwingupModel.ApplySliderLimit(1.01, theta, 20.0, 0.0, Dt);
        double m = SwingupModel.PoleMass, d = SwingupModel.ComDistance;
        double a11 = SwingupModel.CartMass + m, a12 = m * d * Math.Cos(theta + SwingupModel.ComAngle), a22 = SwingupModel.PoleInertia + m * d * d;
        double invXX = a22 / (a11 * a22 - a12 * a12);
        Assert.Equal(20.0 - SwingupModel.MaxLimitImpulse * invXX, xDot, 9);
    }

    [Fact]
    public void Joint_velocities_are_clamped_to_100()
    {
        // Upright and at rest on the hinge, a full push would take the cart past 100 m/s.
        var s = SwingupModel.Step(new SwingupState(0, 99.99, -SwingupModel.ComAngle, 0), 100, Dt, 0);
        Assert.Equal(SwingupModel.MaxJointVelocity, s.XDot);
    }

    private static double MaxEnergyError(SwingupState s, double dt, double seconds)
    {
        double e0 = SwingupModel.Energy(s), worst = 0;
        int steps = (int)Math.Round(seconds / dt);
        for (int i = 0; i < steps; i++)
        {
            s = SwingupModel.Step(s, 0, dt, 0);
            worst = Math.Max(worst, Math.Abs(SwingupModel.Energy(s) - e0));
        }
        return worst;
    }

    // L = ½Mẋ² + ½m|ṙ|² + ½Iθ̇² − m·g·z with r(x, θ) the COM: (x + 0.0005 cos θ + 0.3 sin θ, −0.0005 sin θ + 0.3 cos θ).
    private static double Lagrangian(double[] q, double[] v)
    {
        double m = SwingupModel.PoleMass;
        double c = Math.Cos(q[1]), s = Math.Sin(q[1]);
        double rx = v[0] + (-0.0005 * s + 0.3 * c) * v[1];
        double rz = (-0.0005 * c - 0.3 * s) * v[1];
        double z = -0.0005 * s + 0.3 * c;
        return 0.5 * SwingupModel.CartMass * v[0] * v[0] + 0.5 * m * (rx * rx + rz * rz)
            + 0.5 * SwingupModel.PoleInertia * v[1] * v[1] - m * SwingupModel.Gravity * z;
    }

    // L is quadratic in q̇, so a wide step is exact up to rounding and keeps the rounding small.
    private static double DLdv(double[] q, double[] v, int i)
    {
        const double h = 1e-2;
        return (Lagrangian(q, Shift(v, i, h)) - Lagrangian(q, Shift(v, i, -h))) / (2 * h);
    }

    private static double Partial(double[] q, double[] v, int i)
    {
        const double h = 1e-5;
        return (Lagrangian(Shift(q, i, h), v) - Lagrangian(Shift(q, i, -h), v)) / (2 * h);
    }

    // ∂/∂(q̇j or qj) of ∂L/∂q̇i, by central differences.
    private static double MixedSecond(double[] q, double[] v, int i, int j, bool velocityFirst)
    {
        const double h = 1e-4, hv = 1e-2;
        return velocityFirst
            ? (DLdv(q, Shift(v, j, hv), i) - DLdv(q, Shift(v, j, -hv), i)) / (2 * hv)
            : (DLdv(Shift(q, j, h), v, i) - DLdv(Shift(q, j, -h), v, i)) / (2 * h);
    }

    private static double[] Shift(double[] a, int i, double h)
    {
        var b = (double[])a.Clone();
        b[i] += h;
        return b;
    }
}
