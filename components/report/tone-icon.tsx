import type { Tone } from '@/lib/report/view/status';

/** The shapes behind each tone, in a 16-unit box; shared by the HTML icon and the SVG diagram. */
export function ToneGlyph({ tone }: { tone: Tone }) {
  switch (tone) {
    case 'ok':
      return (
        <>
          <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
          <path d="M5 8.2l2 2 4-4.4" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" />
        </>
      );
    case 'error':
      return (
        <>
          <path d="M5.3 1.5h5.4l3.8 3.8v5.4l-3.8 3.8H5.3l-3.8-3.8V5.3z" fill="currentColor" />
          <path d="M5.6 5.6l4.8 4.8M10.4 5.6l-4.8 4.8" stroke="white" strokeWidth="1.7" strokeLinecap="round" className="dark:stroke-zinc-950" />
        </>
      );
    case 'warning':
      return (
        <>
          <path d="M8 1.6l6.9 12.2H1.1z" fill="currentColor" strokeLinejoin="round" />
          <path d="M8 6v3.6" stroke="white" strokeWidth="1.7" strokeLinecap="round" className="dark:stroke-zinc-950" />
          <circle cx="8" cy="11.7" r="0.95" fill="white" className="dark:fill-zinc-950" />
        </>
      );
    case 'notice':
      return (
        <>
          <circle cx="8" cy="8" r="6.5" fill="currentColor" />
          <path d="M8 7.2v4" stroke="white" strokeWidth="1.7" strokeLinecap="round" className="dark:stroke-zinc-950" />
          <circle cx="8" cy="4.9" r="0.95" fill="white" className="dark:fill-zinc-950" />
        </>
      );
    case 'info':
      return (
        <>
          <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
          <path d="M8 7.2v4" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
          <circle cx="8" cy="4.9" r="0.9" fill="currentColor" />
        </>
      );
    case 'pending':
      return (
        <g className="origin-center animate-spin motion-reduce:animate-none" style={{ transformBox: 'fill-box' }}>
          <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeOpacity="0.25" strokeWidth="2" />
          <path d="M8 2a6 6 0 0 1 6 6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </g>
      );
    case 'muted':
      return (
        <>
          <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeDasharray="2.5 2" />
          <path d="M5.2 8h5.6" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
        </>
      );
  }
}

/** A tone's icon for HTML: decorative (the words next to it carry the meaning). */
export function ToneIcon({ tone, className = 'size-4' }: { tone: Tone; className?: string }) {
  return (
    <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false" className={`shrink-0 ${className}`}>
      <ToneGlyph tone={tone} />
    </svg>
  );
}
