// Create a bucket
package main

import (
	"context"
	"fmt"
	"log"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

func main() {
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion("us-west-2"))
	if err != nil {
		log.Fatal(err)
	}
	client := s3.NewFromConfig(cfg)

	output, err := client.CreateBucket(ctx, &s3.CreateBucketInput{
		Bucket:                    aws.String("amzn-s3-demo-logs"),
		CreateBucketConfiguration: &types.CreateBucketConfiguration{LocationConstraint: types.BucketLocationConstraintUsWest2},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(aws.ToString(output.Location))
}
