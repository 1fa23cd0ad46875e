namespace Skinner.Envs.Swingup;

/// <summary>
/// The generalised state of the cart-pole: slider position and velocity, hinge angle and rate.
/// θ = 0 is the pole's geometric axis pointing straight up (+z); θ grows as the top tips towards +x.
/// </summary>
internal readonly record struct SwingupState(double X, double XDot, double Theta, double ThetaDot);

/// <summary>
/// The cart-pole of PyBullet's <c>inverted_pendulum.xml</c> as Bullet's MJCF importer builds it, with its
/// equations of motion derived by hand and stepped the way <c>btMultiBodyDynamicsWorld</c> steps them.
/// </summary>
/// <remarks>
/// <para><b>Model</b> (every number follows from the MJCF geometry at density 1000):</para>
/// <list type="bullet">
/// <item>Cart: capsule of radius 0.1 and half-length 0.1 on a slider along x, mass
/// M = 1000·(4/3·π·0.1³ + π·0.1²·0.2) ≈ 10.47198 kg, centre of mass on the slider axis.</item>
/// <item>Pole: capsule <c>fromto="0 0 0 0.001 0 0.6"</c>, radius 0.049, hinged at the cart about y. Mass
/// m = 1000·(4/3·π·0.049³ + π·0.049²·h) ≈ 5.01859 kg with h = |(0.001, 0, 0.6)|. Its centre of mass sits
/// at the segment's midpoint (0.0005, 0, 0.3): at distance d ≈ 0.3000004 from the hinge and at angle
/// φ0 = atan2(0.0005, 0.3) ≈ 1.667e-3 rad from the pole's axis. So the COM is straight above the hinge
/// at θ = −φ0, not at θ = 0.</item>
/// <item>Pole inertia about its COM and the hinge axis: Bullet does not use the capsule's inertia. It
/// takes the box inertia of the collision shape's bounding box, padded by the 0.04 collision margin:
/// sides lx = 2·(0.0495 + 0.04) and lz = 2·(0.349 + 0.04), so I = m/12·(lx² + lz²) ≈ 0.266539 kg·m²
/// (a thin rod would give 0.1506).</item>
/// <item>Gravity g = 9.8 (the env sets it; the MJCF's 9.81 is never read). The MJCF joint damping
/// of 1 and the armature are dropped by the importer. The motor gear is unused: the env applies
/// F = 100·clip(a, −1, 1) newtons to the slider.</item>
/// <item>No joint motors: pybullet_envs sets every joint to POSITION_CONTROL with zero force, which
/// switches off Bullet's default velocity motors, so only the slider force acts.</item>
/// <item>Bullet's default per-link drag, never switched off by pybullet_envs: a force
/// −m_link·v·(k + k·|v|) at each link's COM and a torque −I_link·ω·(k + k·|ω|), k = 0.04.</item>
/// </list>
/// <para><b>Lagrangian.</b> Coordinates q = (x, θ); write ψ = θ + φ0, s = sin ψ, c = cos ψ. The pole's COM
/// is at (x + d·s, d·c) in the x-z plane, so its velocity is (ẋ + d·c·θ̇, −d·s·θ̇) and</para>
/// <code>
/// T = ½(M + m)ẋ² + m·d·c·ẋθ̇ + ½(I + m·d²)θ̇²        V = m·g·d·c
/// </code>
/// <para>d/dt ∂L/∂q̇ − ∂L/∂q = Q gives</para>
/// <code>
/// (M + m)·ẍ + m·d·c·θ̈ − m·d·s·θ̇² = F + Qx
/// m·d·c·ẍ + (I + m·d²)·θ̈ − m·g·d·s = Qθ
/// </code>
/// <para>i.e. the mass matrix A = [[M + m, m·d·c], [m·d·c, I + m·d²]] times q̈ equals
/// b = (F + Qx + m·d·s·θ̇², Qθ + m·g·d·s): the θ̇² term is the centripetal (Coriolis) force the swinging
/// pole puts on the cart and m·g·d·s the gravity torque. Solved by Cramer's rule, with
/// det = (M + m)(I + m·d²) − (m·d·c)² > 0:</para>
/// <code>
/// ẍ = ((I + m·d²)·b1 − m·d·c·b2) / det
/// θ̈ = ((M + m)·b2 − m·d·c·b1) / det
/// </code>
/// <para>The generalised drag forces Q are the drag wrenches projected through the Jacobians: the cart's
/// force acts on x alone; the pole's COM force f = −m·v·(k + k|v|) gives Qx += fx and
/// Qθ += fx·d·c − fz·d·s; the pole's torque −I·θ̇·(k + k|θ̇|) adds to Qθ.</para>
/// <para><b>Step</b>, as <c>btMultiBodyDynamicsWorld</c> with one substep of Δt = 0.0165 s (semi-implicit
/// Euler): q̇ += q̈·Δt with each joint velocity clamped to ±100 (<c>m_maxCoordinateVelocity</c>); then the
/// slider limit (<see cref="ApplySliderLimit"/>); then q += q̇·Δt. Bullet reaches q̈ by the
/// articulated-body algorithm rather than Cramer's rule, so the two agree to rounding, not bit for bit.</para>
/// </remarks>
internal static class SwingupModel
{
    /// <summary>Material density the MJCF importer uses to turn geometry into mass (kg/m³).</summary>
    public const double Density = 1000.0;

    /// <summary>Gravity set by the Bullet scene (m/s²).</summary>
    public const double Gravity = 9.8;

    /// <summary>
    /// The scene's fixed time step (s): <c>timestep=0.0165</c>, <c>frame_skip=1</c> and <c>numSubSteps=1</c>,
    /// so one physics step per env step and 16.5 s per 1000-step episode.
    /// </summary>
    public const double TimeStep = 0.0165;

    /// <summary>Slider force per unit of action (N), hard-coded in the env's <c>apply_action</c>.</summary>
    public const double MotorForce = 100.0;

    /// <summary>Slider range from the MJCF, <c>range="-1 1"</c> (m).</summary>
    public const double SliderLimit = 1.0;

    /// <summary><c>btMultiBody</c>'s default linear and angular damping (both coefficients).</summary>
    public const double DefaultLinkDamping = 0.04;

    /// <summary><c>btMultiBody::m_maxCoordinateVelocity</c>: every joint velocity is clamped to this.</summary>
    public const double MaxJointVelocity = 100.0;

    /// <summary>Error reduction of non-contact constraints (<c>btContactSolverInfo::m_erp</c>).</summary>
    public const double LimitErp = 0.2;

    /// <summary>Penetration (m) past which the solver moves position correction into split impulse.</summary>
    public const double SplitImpulseDepth = 0.04;

    /// <summary><c>btMultiBodyConstraint::m_maxAppliedImpulse</c>: the limit row's impulse cap (N·s).</summary>
    public const double MaxLimitImpulse = 100.0;

    private const double CollisionMargin = 0.04;
    private const double CartRadius = 0.1, CartHalfLength = 0.1;
    private const double PoleRadius = 0.049, PoleTipX = 0.001, PoleTipZ = 0.6;

    /// <summary>Cart mass M (kg): sphere plus cylinder of the capsule.</summary>
    public static readonly double CartMass =
        Density * (4.0 / 3.0 * Math.PI * CartRadius * CartRadius * CartRadius + Math.PI * CartRadius * CartRadius * 2 * CartHalfLength);

    /// <summary>Length of the pole's capsule segment h (m).</summary>
    public static readonly double PoleLength = Math.Sqrt(PoleTipX * PoleTipX + PoleTipZ * PoleTipZ);

    /// <summary>Pole mass m (kg).</summary>
    public static readonly double PoleMass =
        Density * (4.0 / 3.0 * Math.PI * PoleRadius * PoleRadius * PoleRadius + Math.PI * PoleRadius * PoleRadius * PoleLength);

    /// <summary>Hinge-to-COM distance d (m): the COM is the segment's midpoint.</summary>
    public static readonly double ComDistance = Math.Sqrt(PoleTipX / 2 * (PoleTipX / 2) + PoleTipZ / 2 * (PoleTipZ / 2));

    /// <summary>Angle φ0 between the pole's axis and the hinge-to-COM line (rad).</summary>
    public static readonly double ComAngle = Math.Atan2(PoleTipX / 2, PoleTipZ / 2);

    /// <summary>
    /// Pole inertia about its COM around the hinge axis (kg·m²): box inertia of the margin-padded AABB of
    /// the two end spheres, as <c>btCompoundShape::calculateLocalInertia</c> computes it.
    /// </summary>
    public static readonly double PoleInertia = BoxInertia(
        PoleMass,
        2 * ((PoleTipX + 2 * PoleRadius) / 2 + CollisionMargin),
        2 * ((PoleTipZ + 2 * PoleRadius) / 2 + CollisionMargin));

    /// <summary>Generalised accelerations (ẍ, θ̈) under slider force <paramref name="force"/>.</summary>
    public static (double XAcc, double ThetaAcc) Accelerations(in SwingupState s, double force, double damping)
    {
        double m = PoleMass, d = ComDistance, psi = s.Theta + ComAngle;
        double sin = Math.Sin(psi), cos = Math.Cos(psi);
        var (qx, qTheta) = DragForces(s, sin, cos, damping);
        double a11 = CartMass + m, a12 = m * d * cos, a22 = PoleInertia + m * d * d;
        double b1 = force + qx + m * d * sin * s.ThetaDot * s.ThetaDot;
        double b2 = qTheta + m * Gravity * d * sin;
        double det = a11 * a22 - a12 * a12;
        return ((a22 * b1 - a12 * b2) / det, (a11 * b2 - a12 * b1) / det);
    }

    /// <summary>One Bullet step of length <paramref name="dt"/>: velocities, slider limit, positions.</summary>
    public static SwingupState Step(in SwingupState s, double force, double dt, double damping)
    {
        var (xAcc, thetaAcc) = Accelerations(s, force, damping);
        double xDot = Math.Clamp(s.XDot + xAcc * dt, -MaxJointVelocity, MaxJointVelocity);
        double thetaDot = Math.Clamp(s.ThetaDot + thetaAcc * dt, -MaxJointVelocity, MaxJointVelocity);
        (xDot, thetaDot) = ApplySliderLimit(s.X, s.Theta, xDot, thetaDot, dt);
        return new SwingupState(s.X + xDot * dt, xDot, s.Theta + thetaDot * dt, thetaDot);
    }

    /// <summary>Total mechanical energy T + V (J), with V = 0 at the hinge height.</summary>
    public static double Energy(in SwingupState s)
    {
        double m = PoleMass, d = ComDistance, cos = Math.Cos(s.Theta + ComAngle);
        double kinetic = 0.5 * (CartMass + m) * s.XDot * s.XDot + m * d * cos * s.XDot * s.ThetaDot
            + 0.5 * (PoleInertia + m * d * d) * s.ThetaDot * s.ThetaDot;
        return kinetic + m * Gravity * d * cos;
    }

    /// <summary>
    /// Bullet's slider limit, a <c>btMultiBodyJointLimitConstraint</c>, solved in closed form.
    /// </summary>
    /// <remarks>
    /// Bullet adds a unilateral row only once the joint is at or past a limit at the start of the solve
    /// (penetration p = x − lower or upper − x, p ≤ 0); there is no speculative contact, so the cart can
    /// overshoot by up to one step of travel. The row's Jacobian is ±1 on the slider, its effective mass
    /// K = 1 / (A⁻¹)xx, and its target impulse is K·(−v + erp·(−p)/Δt) with v the velocity along the row,
    /// clamped to [0, 100]. Below a penetration depth of 0.04 the positional term uses erp = 0.2; deeper,
    /// pybullet's split-impulse setting moves it into a penetration impulse that the multibody solver does
    /// not apply to joint limits, so only the approaching velocity is cancelled. One row is active at a
    /// time, and projected Gauss-Seidel solves a lone row exactly in its first iteration, so the five
    /// iterations Bullet runs change nothing. The impulse moves both velocities: Δq̇ = A⁻¹·J·λ.
    /// </remarks>
    public static (double XDot, double ThetaDot) ApplySliderLimit(double x, double theta, double xDot, double thetaDot, double dt)
    {
        double lowerGap = x + SliderLimit, upperGap = SliderLimit - x;
        if (lowerGap > 0 && upperGap > 0) return (xDot, thetaDot);
        double direction = lowerGap <= 0 ? 1 : -1;
        double penetration = Math.Min(lowerGap, upperGap);

        double m = PoleMass, d = ComDistance, cos = Math.Cos(theta + ComAngle);
        double a11 = CartMass + m, a12 = m * d * cos, a22 = PoleInertia + m * d * d;
        double det = a11 * a22 - a12 * a12;
        double invXX = a22 / det, invThetaX = -a12 / det;

        double velocityError = -direction * xDot;
        double positionalError = penetration > -SplitImpulseDepth ? -penetration * LimitErp / dt : 0;
        double impulse = Math.Clamp((velocityError + positionalError) / invXX, 0, MaxLimitImpulse);
        return (xDot + direction * invXX * impulse, thetaDot + direction * invThetaX * impulse);
    }

    private static (double Qx, double QTheta) DragForces(in SwingupState s, double sin, double cos, double k)
    {
        double d = ComDistance;
        double cartForce = -CartMass * s.XDot * (k + k * Math.Abs(s.XDot));
        double vx = s.XDot + d * cos * s.ThetaDot, vz = -d * sin * s.ThetaDot;
        double drag = -PoleMass * (k + k * Math.Sqrt(vx * vx + vz * vz));
        double fx = drag * vx, fz = drag * vz;
        double torque = -PoleInertia * s.ThetaDot * (k + k * Math.Abs(s.ThetaDot));
        return (cartForce + fx, fx * d * cos - fz * d * sin + torque);
    }

    private static double BoxInertia(double mass, double lx, double lz) => mass / 12.0 * (lx * lx + lz * lz);
}
