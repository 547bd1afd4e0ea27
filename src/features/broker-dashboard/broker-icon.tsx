/** The dashboard's status-bar icon: a gauge (decorative, the button carries the name). */
export const GaugeIcon = ({ size = 14 }: { size?: number }) => (
  <svg
    className="icon"
    width={size}
    height={size}
    viewBox="0 0 16 16"
    fill="none"
    stroke="currentColor"
    strokeWidth="1.5"
    strokeLinecap="round"
    strokeLinejoin="round"
    aria-hidden="true"
    focusable="false"
  >
    <path d="M2.2 12.5a6.5 6.5 0 1 1 11.6 0" />
    <path d="M8 10l3-4" />
    <circle cx="8" cy="10" r="1" />
  </svg>
)
