/**
 * A generated PDF shown in the page: every page a canvas drawn by pdf.js when it scrolls near the
 * view, at the width of the panel ("Fit width") or a chosen zoom, sharp on high-density screens.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Button } from '@bcgov/design-system-react-components';
import type { PDFDocumentProxy, PDFPageProxy, RenderTask } from 'pdfjs-dist';
import { plural } from '../format/numbers';
import { InlineError, Loading } from '../ui/StatusMessages';
import { openPdf } from './pdfjs';

/** PDF points to CSS pixels: 100 % shows a page at its printed size. */
const CSS_PER_POINT = 96 / 72;
const ZOOM_STEPS = [0.5, 0.75, 1, 1.25, 1.5, 2] as const;
const PAGE_GAP = 16;
const SIDE_PADDING = 24;

type Zoom = 'fit' | number;

interface PageSize {
  width: number;
  height: number;
}

interface PdfPreviewProps {
  title: string;
  /** The PDF itself; handed to pdf.js's worker, so give a fresh array. */
  data: Uint8Array;
  actions?: React.ReactNode;
  onClose(): void;
}

export function PdfPreview({ title, data, actions, onClose }: PdfPreviewProps) {
  const [pdf, setPdf] = useState<{ doc: PDFDocumentProxy; sizes: PageSize[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [zoom, setZoom] = useState<Zoom>('fit');
  const [panelWidth, setPanelWidth] = useState(0);
  const [currentPage, setCurrentPage] = useState(1);
  const scrollerRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let cancelled = false;
    let doc: PDFDocumentProxy | null = null;
    setPdf(null);
    setError(null);
    setCurrentPage(1);
    (async () => {
      const task = await openPdf(data);
      if (cancelled) return void task.destroy();
      doc = await task.promise;
      const sizes: PageSize[] = [];
      for (let n = 1; n <= doc.numPages; n++) {
        const viewport = (await doc.getPage(n)).getViewport({ scale: 1 });
        sizes.push({ width: viewport.width, height: viewport.height });
      }
      if (!cancelled) setPdf({ doc, sizes });
    })().catch((failure: unknown) => {
      if (!cancelled) setError(failure instanceof Error ? failure.message : String(failure));
    });
    return () => {
      cancelled = true;
      void doc?.destroy();
    };
  }, [data]);

  useEffect(() => {
    const scroller = scrollerRef.current;
    if (!scroller) return;
    const observer = new ResizeObserver(([entry]) => setPanelWidth(entry?.contentRect.width ?? 0));
    observer.observe(scroller);
    return () => observer.disconnect();
  }, []);

  const widest = useMemo(() => Math.max(1, ...(pdf?.sizes.map((s) => s.width) ?? [1])), [pdf]);
  const fitScale = panelWidth > 0 ? Math.max(0.2, (panelWidth - 2 * SIDE_PADDING) / widest) : null;
  const scale = zoom === 'fit' ? fitScale : zoom * CSS_PER_POINT;
  const percent = scale ? Math.round((scale / CSS_PER_POINT) * 100) : null;

  const stepZoom = (direction: 1 | -1) => {
    const now = scale ? scale / CSS_PER_POINT : 1;
    const next = direction === 1 ? ZOOM_STEPS.find((z) => z > now + 0.01) : [...ZOOM_STEPS].reverse().find((z) => z < now - 0.01);
    if (next !== undefined) setZoom(next);
  };

  // The page shown is the one crossing the middle of the panel.
  const onScroll = () => {
    const scroller = scrollerRef.current;
    if (!scroller) return;
    const middle = scroller.getBoundingClientRect().top + scroller.clientHeight / 2;
    for (const page of scroller.querySelectorAll<HTMLElement>('[data-page]')) {
      const box = page.getBoundingClientRect();
      if (box.top <= middle && box.bottom + PAGE_GAP >= middle) {
        setCurrentPage(Number(page.dataset.page));
        return;
      }
    }
  };

  const pageCount = pdf?.sizes.length ?? 0;
  return (
    <section
      className="pdf-preview"
      aria-label={`Preview: ${title}`}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !event.defaultPrevented) {
          event.preventDefault();
          onClose();
        }
      }}
    >
      <div className="pdf-preview__toolbar">
        <div className="pdf-preview__title">
          <h3 tabIndex={-1} data-preview-title>
            {title}
          </h3>
          <span className="pdf-preview__pages" data-testid="preview-page-count">
            {pdf ? `Page ${currentPage} of ${pageCount}` : 'Opening…'}
          </span>
        </div>
        <div className="pdf-preview__zoom" role="group" aria-label="Zoom">
          <Button size="small" variant="tertiary" isIconButton aria-label="Zoom out" isDisabled={!scale || (scale / CSS_PER_POINT) <= ZOOM_STEPS[0] + 0.01} onPress={() => stepZoom(-1)}>
            <span aria-hidden="true">−</span>
          </Button>
          <span className="pdf-preview__percent" aria-live="polite">
            {percent ? `${percent} %` : '—'}
          </span>
          <Button size="small" variant="tertiary" isIconButton aria-label="Zoom in" isDisabled={!scale || (scale / CSS_PER_POINT) >= ZOOM_STEPS[ZOOM_STEPS.length - 1]! - 0.01} onPress={() => stepZoom(1)}>
            <span aria-hidden="true">+</span>
          </Button>
          <button type="button" className="pdf-preview__fit" aria-pressed={zoom === 'fit'} onClick={() => setZoom('fit')}>
            Fit width
          </button>
        </div>
        <div className="pdf-preview__actions">
          {actions}
          <Button size="small" variant="secondary" onPress={onClose}>
            Close preview
          </Button>
        </div>
      </div>
      <div className="pdf-preview__scroller" ref={scrollerRef} onScroll={onScroll} tabIndex={0} aria-label={`${title}, ${pdf ? plural(pageCount, 'page') : 'loading'}`}>
        {error ? (
          <div className="pdf-preview__message">
            <InlineError title="The preview could not be shown">{error}</InlineError>
          </div>
        ) : !pdf || !scale ? (
          <div className="pdf-preview__message">
            <Loading label="Opening the PDF…" />
          </div>
        ) : (
          <div className="pdf-preview__pages-list">
            {pdf.sizes.map((size, index) => (
              <PdfPage key={index} doc={pdf.doc} number={index + 1} count={pageCount} size={size} scale={scale} root={scrollerRef} />
            ))}
          </div>
        )}
      </div>
    </section>
  );
}

interface PdfPageProps {
  doc: PDFDocumentProxy;
  number: number;
  count: number;
  size: PageSize;
  scale: number;
  root: React.RefObject<HTMLDivElement | null>;
}

/** One page: a placeholder of the right size until it comes near the view, then drawn (again at each zoom). */
function PdfPage({ doc, number, count, size, scale, root }: PdfPageProps) {
  const frameRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [near, setNear] = useState(false);
  const [renderedScale, setRenderedScale] = useState<number | null>(null);
  const [failed, setFailed] = useState(false);
  const width = Math.floor(size.width * scale);
  const height = Math.floor(size.height * scale);

  useEffect(() => {
    const frame = frameRef.current;
    if (!frame) return;
    const observer = new IntersectionObserver(([entry]) => setNear(entry?.isIntersecting ?? false), { root: root.current, rootMargin: '400px 0px' });
    observer.observe(frame);
    return () => observer.disconnect();
  }, [root]);

  useEffect(() => {
    if (!near || renderedScale === scale) return;
    const canvas = canvasRef.current;
    if (!canvas) return;
    let task: RenderTask | null = null;
    let cancelled = false;
    doc
      .getPage(number)
      .then((page: PDFPageProxy) => {
        if (cancelled) return;
        const ratio = window.devicePixelRatio || 1;
        const viewport = page.getViewport({ scale });
        // Drawn off to the side, then copied in one go, so a zoom never shows a half-drawn page.
        const offscreen = document.createElement('canvas');
        offscreen.width = Math.floor(viewport.width * ratio);
        offscreen.height = Math.floor(viewport.height * ratio);
        task = page.render({ canvas: offscreen, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
        return task.promise.then(() => {
          if (cancelled) return;
          canvas.width = offscreen.width;
          canvas.height = offscreen.height;
          canvas.getContext('2d')?.drawImage(offscreen, 0, 0);
          setRenderedScale(scale);
        });
      })
      .catch((failure: unknown) => {
        if (!cancelled && (failure as { name?: string } | null)?.name !== 'RenderingCancelledException') setFailed(true);
      });
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [near, scale, renderedScale, doc, number]);

  return (
    <div
      ref={frameRef}
      className={`pdf-page${renderedScale !== null ? ' pdf-page--rendered' : ''}`}
      data-page={number}
      style={{ width, height }}
    >
      <canvas ref={canvasRef} className="pdf-page__canvas" role="img" aria-label={`Page ${number} of ${count}`} />
      {failed && <span className="pdf-page__failed">Page {number} could not be drawn.</span>}
    </div>
  );
}
