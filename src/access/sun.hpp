// The Sun's position as seen from Earth's centre, for shadow geometry.
//
// ERFA's eraEpv00 (VSOP2000-based, ~ 4.6 km for Earth's heliocentric position) gives Earth's
// heliocentric and barycentric state in the BCRS (ICRS axes). From it we form the apparent
// geocentric Sun: the Sun's barycentric position at the light-emission time (one light-time
// iteration, ~ 499 s) seen from Earth, then stellar aberration from Earth's barycentric
// velocity (~ 20.5", the direction sunlight really arrives from in Earth's frame). That is
// the GCRS direction astropy's get_sun() returns (checked to 0.01 deg in sun_test.cpp).
//
// For shadows the frame matters: SGP4 positions are in TEME of date, whose axes differ from
// GCRS by precession since J2000 (~ 0.36 deg in 2026). The Sun is rotated GCRS -> TEME with
// the IAU-76/80 precession-nutation matrix (eraPnm80: mean J2000 -> true equator and equinox
// of date) followed by the equation of the equinoxes (eraEqeq94: true -> mean equinox, which
// is TEME's x axis). Frame bias between ICRS and FK5 (~ 23 mas) is ignored.
//
// All functions are pure and thread-safe.
#pragma once

#include "core/time.hpp"
#include "core/vec3.hpp"

namespace lagrange::access {

// Astronomical unit in km (IAU 2012).
inline constexpr double kAstronomicalUnit_km = 149597870.7;

// Apparent geocentric Sun position in GCRS (km), with light time and aberration.
Vec3 sun_position_gcrs_km(Instant t);

// Rotation matrix R with r_teme = R * r_gcrs at instant t.
Mat3 gcrs_to_teme_rotation(Instant t);

// Apparent geocentric Sun position in TEME of date (km).
Vec3 sun_position_teme_km(Instant t);

}  // namespace lagrange::access
