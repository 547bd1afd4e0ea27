/** The dashboard's status-bar icon: a gauge (decorative, the button carries the name). */
import { Icon } from '@/components/icons.tsx'

export const GaugeIcon = ({ size = 14 }: { size?: number }) => (
  <Icon size={size}>
    <path d="M2.2 12.5a6.5 6.5 0 1 1 11.6 0" />
    <path d="M8 10l3-4" />
    <circle cx="8" cy="10" r="1" />
  </Icon>
)
