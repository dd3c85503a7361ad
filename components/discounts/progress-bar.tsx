import styles from "@/components/discounts/discounts.module.css";

/** "7 of 10 claimed" as a bar; a full bar turns amber. */
export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  const percent = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0;
  return (
    <div className={`${styles.progress} ${value >= max ? styles.full : ""}`}>
      <div className={styles.bar} role="progressbar" aria-valuemin={0} aria-valuemax={max} aria-valuenow={value} aria-label={label}>
        <span className={styles.fill} style={{ width: `${percent}%` }} />
      </div>
      <span className={styles.progressLabel}>{label}</span>
    </div>
  );
}
