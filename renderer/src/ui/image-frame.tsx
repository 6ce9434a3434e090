/**
 * An image scaled to fit its box (never cropped). The checkerboard sits on the image
 * element itself, sized to the picture's own shape, so only truly transparent pixels show
 * it and the letterbox around an opaque picture does not look transparent.
 */
import type { ReactNode } from 'react';

interface ImageFrameProps {
  src: string;
  alt: string;
  /** Intrinsic size, so the layout keeps its shape before the image loads. */
  width?: number;
  height?: number;
  className?: string;
  overlay?: ReactNode;
}

export function ImageFrame({ src, alt, width, height, className, overlay }: ImageFrameProps) {
  return (
    <div className={`image-frame ${className ?? ''}`}>
      {/* Without a known size the element starts at 0×0, and Chromium then never painted an
          asynchronously decoded picture once it had grown: decode those synchronously. */}
      <img className="checker" src={src} alt={alt} width={width} height={height} decoding={width ? 'async' : 'auto'} draggable={false} />
      {overlay}
    </div>
  );
}
