// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Keep the DNS codec out of the bundle: it is CommonJS that reads Buffer at module scope.
  serverExternalPackages: ['dns-packet', 'pg-boss'],
};

module.exports = nextConfig;
