DROP INDEX "audit_subject_name";--> statement-breakpoint
DROP INDEX "audit_template_version";--> statement-breakpoint
DROP INDEX "audit_actor_id";--> statement-breakpoint
DROP INDEX "audit_action";--> statement-breakpoint
DROP INDEX "operations_kind_state";--> statement-breakpoint
DROP INDEX "versions_template_sort_key";--> statement-breakpoint
CREATE INDEX "audit_subject_kind_name_seq" ON "audit" USING btree ("subject_kind","subject_name","seq");--> statement-breakpoint
CREATE INDEX "audit_template_seq" ON "audit" USING btree ("template","seq");--> statement-breakpoint
CREATE INDEX "audit_template_version_seq" ON "audit" USING btree ("template","version","seq");--> statement-breakpoint
CREATE INDEX "audit_actor_id_seq" ON "audit" USING btree ("actor_id","seq");--> statement-breakpoint
CREATE INDEX "audit_action_seq" ON "audit" USING btree ("action","seq");--> statement-breakpoint
CREATE INDEX "operations_kind_id" ON "operations" USING btree ("kind","id");--> statement-breakpoint
CREATE INDEX "operations_kind_state_id" ON "operations" USING btree ("kind","state","id");--> statement-breakpoint
CREATE INDEX "versions_template_sort_key_version" ON "versions" USING btree ("template","sort_key","version");--> statement-breakpoint
CREATE INDEX "versions_template_state_sort_key_version" ON "versions" USING btree ("template","state","sort_key","version");