// The image's HEALTHCHECK: is the mock answering on its port? The mock listens only once its state
// is loaded, so an answer from /__admin/health means ready. With UNDERSTUDY_ADMIN_TOKEN set, the check
// sends it and wants 200; with a token the mock generated at start (printed in its banner, unknown
// here), the admin API answers 401, which is still the mock answering.
const token = process.env.UNDERSTUDY_ADMIN_TOKEN;
const url = `http://127.0.0.1:${process.env.PORT || 4010}/__admin/health`;
try {
  const res = await fetch(url, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(2500),
  });
  process.exit(res.status === 200 || (!token && res.status === 401) ? 0 : 1);
} catch {
  process.exit(1);
}
