/** Icons of the charts panel (16px strokes in currentColor, decorative: the buttons carry the names). */
import { Icon } from '@/components/icons.tsx'

export const ChartIcon = ({ size }: { size?: number }) => (
  <Icon size={size ?? 16}>
    <path d="M2 13.5h12" />
    <path d="M2.5 11l3.5-4 3 2.5L13.5 4" />
  </Icon>
)
export const EyeIcon = () => (
  <Icon size={14}>
    <path d="M1.5 8s2.4-4.5 6.5-4.5S14.5 8 14.5 8s-2.4 4.5-6.5 4.5S1.5 8 1.5 8z" />
    <circle cx="8" cy="8" r="1.8" />
  </Icon>
)
export const EyeOffIcon = () => (
  <Icon size={14}>
    <path d="M1.5 8s2.4-4.5 6.5-4.5S14.5 8 14.5 8s-2.4 4.5-6.5 4.5S1.5 8 1.5 8z" />
    <path d="M2.5 13.5l11-11" />
  </Icon>
)
export const RemoveIcon = () => (
  <Icon size={14}>
    <path d="M4 4l8 8M12 4l-8 8" />
  </Icon>
)
