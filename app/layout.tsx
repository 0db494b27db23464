import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'zonecut — DNS delegation explorer', template: '%s — zonecut' },
  description: 'Walk the DNS delegation chain from the root, query every authoritative server, and see what is wrong.',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#09090b' },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <header className="border-b border-zinc-200 dark:border-zinc-800">
          <nav className="mx-auto flex max-w-7xl items-center gap-4 px-4 py-3">
            <Link href="/" className="font-mono text-lg font-semibold tracking-tight">
              zonecut
            </Link>
            <span className="text-sm text-zinc-500 dark:text-zinc-400">DNS delegation, server by server</span>
            <Link href="/scans" className="ml-auto text-sm underline">
              Scan many
            </Link>
          </nav>
        </header>
        <main className="mx-auto max-w-7xl px-4 py-6 sm:py-8">{children}</main>
      </body>
    </html>
  );
}
