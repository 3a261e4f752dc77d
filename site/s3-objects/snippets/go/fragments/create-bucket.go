output, err := client.CreateBucket(ctx, &s3.CreateBucketInput{
	Bucket:                    aws.String("amzn-s3-demo-logs"),
	CreateBucketConfiguration: &types.CreateBucketConfiguration{LocationConstraint: types.BucketLocationConstraintUsWest2},
})
if err != nil {
	log.Fatal(err)
}
fmt.Println(aws.ToString(output.Location))
