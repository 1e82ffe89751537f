/** Small stroke icons for the call controls (decorative: the buttons carry text labels). */
interface IconProps {
  off?: boolean;
}

function Svg(props: { children: React.ReactNode; off?: boolean | undefined }): React.JSX.Element {
  return (
    <svg
      width="18"
      height="18"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {props.children}
      {props.off ? <path d="M3 3l18 18" /> : null}
    </svg>
  );
}

export function MicIcon(props: IconProps): React.JSX.Element {
  return (
    <Svg off={props.off}>
      <rect x="9" y="3" width="6" height="11" rx="3" />
      <path d="M5 11a7 7 0 0 0 14 0M12 18v3" />
    </Svg>
  );
}

export function CameraIcon(props: IconProps): React.JSX.Element {
  return (
    <Svg off={props.off}>
      <rect x="3" y="6" width="13" height="12" rx="2" />
      <path d="M16 10l5-3v10l-5-3" />
    </Svg>
  );
}

export function ScreenIcon(): React.JSX.Element {
  return (
    <Svg>
      <rect x="3" y="4" width="18" height="12" rx="2" />
      <path d="M8 20h8M12 16v4" />
    </Svg>
  );
}

export function LeaveIcon(): React.JSX.Element {
  return (
    <Svg>
      <path d="M3 15c5-5 13-5 18 0l-2 3-4-1v-3c-2-.7-4-.7-6 0v3l-4 1z" />
    </Svg>
  );
}
