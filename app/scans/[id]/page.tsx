import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Providers } from '@/app/providers';
import { ScanView } from '@/components/scans/scan-view';
import { isScanId } from '@/lib/scans/scan-store';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Scan', robots: { index: false } };

export default async function ScanPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isScanId(id)) notFound();
  return (
    <Providers>
      <ScanView id={id} />
    </Providers>
  );
}
